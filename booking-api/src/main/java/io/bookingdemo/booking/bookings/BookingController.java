package io.bookingdemo.booking.bookings;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bookings resource.
 */
@RestController
@RequestMapping(path = "/bookings", produces = MediaType.APPLICATION_JSON_VALUE)
class BookingController {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"));

	private final BookingService bookings;

	BookingController(BookingService bookings) {
		this.bookings = bookings;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BookingResponse> create(@Valid @RequestBody CreateBookingRequest request) {
		Booking booking = this.bookings.create(request);
		return ResponseEntity.created(URI.create("/bookings/" + booking.id())).body(BookingResponse.of(booking));
	}

	@GetMapping("/{id}")
	BookingResponse get(@PathVariable UUID id) {
		return BookingResponse.of(this.bookings.get(id));
	}

	@GetMapping
	BookingPageResponse findByCustomer(
			@RequestParam @Pattern(regexp = CreateBookingRequest.ID,
					message = CreateBookingRequest.ID_MESSAGE) String customerId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		return BookingPageResponse
			.of(this.bookings.findByCustomer(customerId, PageRequest.of(page, size, NEWEST_FIRST)));
	}

}
