package io.bookingdemo.booking.bookings;

import java.net.URI;
import java.security.Principal;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.problems.Problems;
import io.bookingdemo.support.security.ResourceServerAutoConfiguration;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bookings resource.
 */
@RestController
@RequestMapping(path = "/bookings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "bookings", description = "A customer's bookings, each for the token's subject")
class BookingController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	// Tells a client that the body answers an earlier request with the same key.
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	// Checked here rather than by a constraint on the parameter, which would move the
	// body's validation errors to method validation and change their problem type.
	private static final java.util.regex.Pattern VALID_IDEMPOTENCY_KEY = java.util.regex.Pattern
		.compile("[\\x20-\\x7E]{1,128}");

	private static final java.util.regex.Pattern CUSTOMER_ID = java.util.regex.Pattern.compile(CreateBookingRequest.ID);

	private static final String OPERATOR = "ROLE_" + ResourceServerAutoConfiguration.OPERATOR_ROLE;

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id"));

	private final BookingService bookings;

	BookingController(BookingService bookings) {
		this.bookings = bookings;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Books a resource for a stay",
			description = "The booking is `PENDING` until its payment is decided, then `CONFIRMED` or `REJECTED`.")
	@ApiResponse(responseCode = "201",
			description = "Booked; `Location` names the booking, and "
					+ "`Idempotent-Replayed: true` marks the answer to an earlier request with the same key")
	@ApiResponse(responseCode = "403",
			description = "`forbidden`: the token's subject is no customer id, or `customerId` is not the subject")
	@ApiResponse(responseCode = "409", description = "`overlapping-booking`: the dates are already booked")
	@ApiResponse(responseCode = "422", description = "`idempotency-key-reused`: the key came with another body before")
	ResponseEntity<BookingResponse> create(@Valid @RequestBody CreateBookingRequest request,
			@Parameter(description = "1 to 128 printable ASCII characters; a retry with the same key and body "
					+ "books once") @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			Principal caller) {
		if (idempotencyKey != null && !VALID_IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
					Problems.invalidParameter(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters"), null);
		}
		String customer = customer(caller, request.customerId());
		BookingService.Created created = this.bookings.create(request.by(customer), idempotencyKey);
		ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/bookings/" + created.booking().id()));
		if (created.replayed()) {
			response.header(IDEMPOTENT_REPLAYED, "true");
		}
		return response.body(created.booking());
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancels one of the caller's bookings", description = "A captured payment is refunded.")
	@ApiResponse(responseCode = "200", description = "Cancelled")
	@ApiResponse(responseCode = "404", description = "`not-found`: the caller has no booking with this id")
	@ApiResponse(responseCode = "409",
			description = "`booking-state-conflict`: the booking cannot be cancelled " + "in its status")
	BookingResponse cancel(@PathVariable UUID id, Principal caller) {
		return BookingResponse.of(this.bookings.cancel(id, customer(caller, null)));
	}

	// An operator reads any booking, to follow it through the services; a customer only
	// their own.
	@GetMapping("/{id}")
	@Operation(summary = "Reads a booking", description = "A customer reads their own bookings; an operator any.")
	@ApiResponse(responseCode = "200", description = "The booking")
	@ApiResponse(responseCode = "404", description = "`not-found`: no booking with this id, or another customer's")
	BookingResponse get(@PathVariable UUID id, Authentication caller) {
		boolean operator = caller.getAuthorities()
			.stream()
			.anyMatch((authority) -> OPERATOR.equals(authority.getAuthority()));
		return BookingResponse.of(operator ? this.bookings.get(id) : this.bookings.get(id, customer(caller, null)));
	}

	@GetMapping
	@Operation(summary = "Lists the caller's bookings, newest first")
	@ApiResponse(responseCode = "200", description = "One page of bookings")
	@ApiResponse(responseCode = "403",
			description = "`forbidden`: the token's subject is no customer id, or `customerId` is not the subject")
	BookingPageResponse findByCustomer(
			@RequestParam(required = false) @Pattern(regexp = CreateBookingRequest.ID,
					message = CreateBookingRequest.ID_MESSAGE) @Nullable String customerId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size, Principal caller) {
		return BookingPageResponse
			.of(this.bookings.findByCustomer(customer(caller, customerId), PageRequest.of(page, size, NEWEST_FIRST)));
	}

	/**
	 * The customer who calls: the subject of the caller's token. A customer id that the
	 * request names as well must be the same.
	 */
	private static String customer(Principal caller, @Nullable String named) {
		String subject = caller.getName();
		if (subject == null || !CUSTOMER_ID.matcher(subject).matches()) {
			throw new ErrorResponseException(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
					"Forbidden", "The token's subject is not a customer id"), null);
		}
		if (named != null && !named.equals(subject)) {
			throw new ErrorResponseException(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN,
					"Forbidden", "customerId must be the caller's own, the subject of the token"), null);
		}
		return subject;
	}

	// This API calls a missing query parameter an invalid one, as it did before the
	// services shared their problem types.
	@ExceptionHandler
	ProblemDetail missingParameter(MissingServletRequestParameterException ex) {
		ProblemDetail problem = Problems.missingParameter(ex.getParameterName());
		problem.setType(Problems.INVALID_PARAMETER);
		return problem;
	}

}
