package io.bookingdemo.payment.payments;

import java.time.Instant;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a booking's payment was declined, with the reason; its JSON form is the
 * contract {@code contracts/payment-declined.v1.json}.
 */
record PaymentDeclined(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID paymentId,
		UUID bookingId, String amount, String currency, String reason) implements OutboxEvent {

	static final String TYPE = "PaymentDeclined";

	static final int VERSION = 1;

	static PaymentDeclined of(Payment payment) {
		return new PaymentDeclined(UUID.randomUUID(), TYPE, VERSION, payment.createdAt(), payment.id(),
				payment.bookingId(), payment.amount().toPlainString(), payment.currency(), payment.reason());
	}

	@Override
	public UUID aggregateId() {
		return this.paymentId;
	}

	// A booking's payment events keep their order with the booking's own events.
	@Override
	public String messageGroup() {
		return this.bookingId.toString();
	}

}
