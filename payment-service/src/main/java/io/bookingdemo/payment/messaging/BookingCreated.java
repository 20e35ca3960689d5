package io.bookingdemo.payment.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The {@code BookingCreated} event, version 1, as this service reads it: only the fields
 * a payment needs.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param occurredAt when the booking was created
 * @param bookingId the booking to take the payment for
 * @param amount the price of the stay
 * @param currency the ISO 4217 currency of the amount
 */
// Fields this service does not read, and fields added to the contract later, are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingCreated(UUID eventId, Instant occurredAt, UUID bookingId, BigDecimal amount,
		@Size(min = 3, max = 3) String currency) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingCreated";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingCreated {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
	}

}
