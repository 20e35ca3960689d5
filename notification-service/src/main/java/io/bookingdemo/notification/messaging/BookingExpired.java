package io.bookingdemo.notification.messaging;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code BookingExpired} event, version 1, as this service reads it: no payment
 * outcome came in time, the booking's dates are free again and a payment taken late is
 * refunded.
 *
 * @param eventId the event's unique id, used to skip duplicate deliveries
 * @param bookingId the booking
 * @param customerEmail where the customer gets e-mail
 * @param resourceId the booked resource
 * @param startDate the first day of the stay
 * @param endDate the day the stay ends
 */
// Fields added to the contract later are compatible changes this service must ignore.
@JsonIgnoreProperties(ignoreUnknown = true)
record BookingExpired(UUID eventId, UUID bookingId, String customerEmail, String resourceId, LocalDate startDate,
		LocalDate endDate) {

	/** The wire name of this event in the {@code eventType} field and attribute. */
	static final String TYPE = "BookingExpired";

	/** The version of the event this record reads. */
	static final int VERSION = 1;

	BookingExpired {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
		EmailAddresses.requirePlain(Objects.requireNonNull(customerEmail, "customerEmail"));
		Objects.requireNonNull(resourceId, "resourceId");
		Objects.requireNonNull(startDate, "startDate");
		Objects.requireNonNull(endDate, "endDate");
	}

}
