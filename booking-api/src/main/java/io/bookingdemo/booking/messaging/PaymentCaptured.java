package io.bookingdemo.booking.messaging;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The fields of {@code contracts/payment-captured.v1.json} this service reads.
 *
 * @param eventId the event's id
 * @param paymentId the captured payment
 * @param bookingId the booking it pays for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentCaptured(UUID eventId, UUID paymentId, UUID bookingId) {

	/** The wire name of the event type. */
	static final String TYPE = "PaymentCaptured";

	static final int VERSION = 1;

	PaymentCaptured {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(bookingId, "bookingId");
	}

}
