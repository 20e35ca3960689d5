package io.bookingdemo.payment.payments;

import java.time.Instant;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a captured payment was refunded in full; its JSON form is the contract
 * {@code contracts/payment-refunded.v1.json}.
 */
record PaymentRefunded(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID paymentId,
		UUID bookingId, String amount, String currency) implements OutboxEvent {

	static final String TYPE = "PaymentRefunded";

	static final int VERSION = 1;

	static PaymentRefunded of(Payment payment) {
		return new PaymentRefunded(UUID.randomUUID(), TYPE, VERSION, payment.refundedAt(), payment.id(),
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
