package io.bookingdemo.payment.payments;

import java.time.Instant;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a booking's payment was captured; its JSON form is the contract
 * {@code contracts/payment-captured.v1.json}.
 */
record PaymentCaptured(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID paymentId,
		UUID bookingId, String amount, String currency) implements OutboxEvent {

	static final String TYPE = "PaymentCaptured";

	static final int VERSION = 1;

	static PaymentCaptured of(Payment payment) {
		return new PaymentCaptured(UUID.randomUUID(), TYPE, VERSION, payment.createdAt(), payment.id(),
				payment.bookingId(), payment.amount().toPlainString(), payment.currency());
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
