package io.bookingdemo.booking.messaging;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The fields of {@code contracts/payment-declined.v1.json} this service reads.
 *
 * @param eventId the event's id
 * @param paymentId the declined payment
 * @param bookingId the booking it was for
 * @param reason why the payment was declined
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentDeclined(UUID eventId, UUID paymentId, UUID bookingId, @Size(max = 500) String reason) {

	/** The wire name of the event type. */
	static final String TYPE = "PaymentDeclined";

	static final int VERSION = 1;

	PaymentDeclined {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(reason, "reason");
	}

}
