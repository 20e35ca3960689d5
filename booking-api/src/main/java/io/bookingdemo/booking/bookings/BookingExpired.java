package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a pending booking expired without a payment outcome, so that a payment
 * taken late is refunded and the customer is told; its JSON form is the contract
 * {@code contracts/booking-expired.v1.json}.
 */
record BookingExpired(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID bookingId,
		String customerId, String customerEmail, String resourceId, LocalDate startDate, LocalDate endDate,
		String amount, String currency, String reason) implements OutboxEvent {

	static final String TYPE = "BookingExpired";

	static final int VERSION = 1;

	static BookingExpired of(Booking booking, String reason) {
		return new BookingExpired(UUID.randomUUID(), TYPE, VERSION, booking.decidedAt(), booking.id(),
				booking.customerId(), booking.customerEmail(), booking.resourceId(), booking.startDate(),
				booking.endDate(), booking.amount().toPlainString(), booking.currency(), reason);
	}

	@Override
	public UUID aggregateId() {
		return this.bookingId;
	}

}
