package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a booking has been accepted; its JSON form is the contract
 * {@code contracts/booking-created.v1.json}.
 */
record BookingCreated(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID bookingId,
		String customerId, String customerEmail, String resourceId, LocalDate startDate, LocalDate endDate,
		String amount, String currency) implements OutboxEvent {

	static final String TYPE = "BookingCreated";

	static final int VERSION = 1;

	static BookingCreated of(Booking booking) {
		return new BookingCreated(UUID.randomUUID(), TYPE, VERSION, booking.createdAt(), booking.id(),
				booking.customerId(), booking.customerEmail(), booking.resourceId(), booking.startDate(),
				booking.endDate(), booking.amount().toPlainString(), booking.currency());
	}

	@Override
	public UUID aggregateId() {
		return this.bookingId;
	}

}
