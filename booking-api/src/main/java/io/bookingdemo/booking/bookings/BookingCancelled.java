package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a confirmed booking was cancelled, so that its payment is refunded; its
 * JSON form is the contract {@code contracts/booking-cancelled.v1.json}.
 */
record BookingCancelled(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID bookingId,
		String customerId, String customerEmail, String resourceId, LocalDate startDate, LocalDate endDate,
		String amount, String currency) implements OutboxEvent {

	static final String TYPE = "BookingCancelled";

	static final int VERSION = 1;

	static BookingCancelled of(Booking booking, Instant occurredAt) {
		return new BookingCancelled(UUID.randomUUID(), TYPE, VERSION, occurredAt, booking.id(), booking.customerId(),
				booking.customerEmail(), booking.resourceId(), booking.startDate(), booking.endDate(),
				booking.amount().toPlainString(), booking.currency());
	}

	@Override
	public UUID aggregateId() {
		return this.bookingId;
	}

}
