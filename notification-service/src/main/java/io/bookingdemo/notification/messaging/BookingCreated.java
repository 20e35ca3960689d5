package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The {@code BookingCreated} event, version 1, as this service reads it: a customer
 * booked a resource and the payment is still to come.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param occurredAt when the booking was created
 * @param bookingId the booking
 * @param customerId the customer
 * @param customerEmail where the customer gets e-mail
 * @param resourceId the booked resource
 * @param startDate the first day of the stay
 * @param endDate the day the stay ends
 * @param amount the price of the stay
 * @param currency the ISO 4217 currency of the amount
 */
// Fields added to the contract later are compatible changes this service must ignore.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingCreated(UUID eventId, Instant occurredAt, UUID bookingId, @Size(max = 64) String customerId,
		String customerEmail, @Size(max = 64) String resourceId, LocalDate startDate, LocalDate endDate,
		BigDecimal amount, @Size(min = 3, max = 3) String currency) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingCreated";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingCreated {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(customerId, "customerId");
		EmailAddresses.requirePlain(Objects.requireNonNull(customerEmail, "customerEmail"));
		Objects.requireNonNull(resourceId, "resourceId");
		Objects.requireNonNull(startDate, "startDate");
		Objects.requireNonNull(endDate, "endDate");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
	}

}
