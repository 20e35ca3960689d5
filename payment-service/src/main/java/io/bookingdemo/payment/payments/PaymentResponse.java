package io.bookingdemo.payment.payments;

import java.time.Instant;
import java.util.UUID;

/**
 * A payment as the API shows it; the amount is a decimal string with two places and
 * {@code refundedAt} is null unless the payment was refunded.
 */
record PaymentResponse(UUID id, UUID bookingId, String status, String amount, String currency, String reason,
		UUID eventId, Instant createdAt, Instant refundedAt) {

	static PaymentResponse of(Payment payment) {
		return new PaymentResponse(payment.id(), payment.bookingId(), payment.status().name(),
				payment.amount().toPlainString(), payment.currency(), payment.reason(), payment.eventId(),
				payment.createdAt(), payment.refundedAt());
	}

}
