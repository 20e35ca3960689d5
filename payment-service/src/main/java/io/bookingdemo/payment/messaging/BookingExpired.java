package io.bookingdemo.payment.messaging;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code BookingExpired} event, version 1, as this service reads it: only the fields
 * the compensation needs.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param bookingId the expired booking, whose payment is refunded or never taken
 * @param amount the booking's price, for the declined payment of a booking that had none
 * @param currency the ISO 4217 currency of the amount
 */
// A refund is the payment's own amount. Fields this service does not read, and fields
// added to the contract later, are ignored.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingExpired(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingExpired";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingExpired {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
	}

}
