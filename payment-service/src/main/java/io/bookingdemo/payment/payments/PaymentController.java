package io.bookingdemo.payment.payments;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payments resource: what was taken for a booking.
 */
@RestController
@RequestMapping(path = "/payments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "payments", description = "What was taken and refunded for bookings, for operators")
class PaymentController {

	private final PaymentRepository payments;

	PaymentController(PaymentRepository payments) {
		this.payments = payments;
	}

	@GetMapping
	@Operation(summary = "Lists a booking's payments, oldest first", description = "An unknown booking has none.")
	List<PaymentResponse> findByBooking(@RequestParam UUID bookingId) {
		return this.payments.findByBookingIdOrderByCreatedAtAscIdAsc(bookingId)
			.stream()
			.map(PaymentResponse::of)
			.toList();
	}

}
