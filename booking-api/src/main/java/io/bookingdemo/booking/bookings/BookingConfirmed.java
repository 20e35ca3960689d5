package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * Published when a booking's payment was captured; its JSON form is the contract
 * {@code contracts/booking-confirmed.v1.json}.
 */
record BookingConfirmed(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID bookingId,
		UUID paymentId, String customerId, String customerEmail, String resourceId, LocalDate startDate,
		LocalDate endDate, String amount, String currency) implements OutboxEvent {

	static final String TYPE = "BookingConfirmed";

	static final int VERSION = 1;

	static BookingConfirmed of(Booking booking, Instant occurredAt) {
		return new BookingConfirmed(UUID.randomUUID(), TYPE, VERSION, occurredAt, booking.id(), booking.paymentId(),
				booking.customerId(), booking.customerEmail(), booking.resourceId(), booking.startDate(),
				booking.endDate(), booking.amount().toPlainString(), booking.currency());
	}

	@Override
	public UUID aggregateId() {
		return this.bookingId;
	}

}
