package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The {@code PaymentRefunded} event, version 1, as this service reads it: a booking's
 * payment went back to the customer; it carries no e-mail address.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param bookingId the booking refunded
 * @param amount the amount refunded
 * @param currency the ISO 4217 currency of the amount
 */
// Fields added to the contract later are compatible changes this service must ignore.
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentRefunded(UUID eventId, UUID bookingId, BigDecimal amount, @Size(min = 3, max = 3) String currency) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "PaymentRefunded";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	PaymentRefunded {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
	}

}
