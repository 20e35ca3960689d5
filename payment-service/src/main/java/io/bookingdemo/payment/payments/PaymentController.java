package io.bookingdemo.payment.payments;

import java.util.List;
import java.util.UUID;

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
class PaymentController {

	private final PaymentRepository payments;

	PaymentController(PaymentRepository payments) {
		this.payments = payments;
	}

	@GetMapping
	List<PaymentResponse> findByBooking(@RequestParam UUID bookingId) {
		return this.payments.findByBookingIdOrderByCreatedAtAscIdAsc(bookingId)
			.stream()
			.map(PaymentResponse::of)
			.toList();
	}

}
