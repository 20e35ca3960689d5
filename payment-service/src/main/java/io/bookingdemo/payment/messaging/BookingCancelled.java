package io.bookingdemo.payment.messaging;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code BookingCancelled} event, version 1, as this service reads it: only the
 * fields a refund needs.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param bookingId the cancelled booking, whose payment is refunded
 */
// The refund is the payment's own amount, so the event's amount and the other fields
// are ignored, as are fields added to the contract later.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingCancelled(UUID eventId, UUID bookingId) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingCancelled";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingCancelled {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
	}

}
