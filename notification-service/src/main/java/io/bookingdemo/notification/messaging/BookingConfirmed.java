package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The {@code BookingConfirmed} event, version 1, as this service reads it: the payment
 * was captured and the booking holds.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param bookingId the booking
 * @param customerEmail where the customer gets e-mail
 * @param resourceId the booked resource
 * @param startDate the first day of the stay
 * @param endDate the day the stay ends
 * @param amount the price paid
 * @param currency the ISO 4217 currency of the amount
 */
// Fields added to the contract later are compatible changes this service must ignore.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingConfirmed(UUID eventId, UUID bookingId, String customerEmail, @Size(max = 64) String resourceId,
		LocalDate startDate, LocalDate endDate, BigDecimal amount, @Size(min = 3, max = 3) String currency) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingConfirmed";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingConfirmed {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
		EmailAddresses.requirePlain(Objects.requireNonNull(customerEmail, "customerEmail"));
		Objects.requireNonNull(resourceId, "resourceId");
		Objects.requireNonNull(startDate, "startDate");
		Objects.requireNonNull(endDate, "endDate");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
	}

}
