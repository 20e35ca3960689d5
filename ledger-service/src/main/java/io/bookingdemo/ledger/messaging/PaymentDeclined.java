package io.bookingdemo.ledger.messaging;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The fields of a {@code PaymentDeclined} event (contract
 * {@code payment-declined.v1.json}) that the ledger reads; the others are ignored.
 *
 * @param eventId the event's unique id
 * @param eventType always {@value #TYPE}
 * @param eventVersion the contract version
 * @param bookingId the booking whose payment was declined
 * @param amount the amount declined
 * @param currency the amount's ISO 4217 currency
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentDeclined(UUID eventId, String eventType, Integer eventVersion, UUID bookingId, BigDecimal amount,
		@Size(min = 3, max = 3) String currency) {

	static final String TYPE = "PaymentDeclined";

	static final int VERSION = 1;

	PaymentDeclined {
		Objects.requireNonNull(eventId, "eventId is missing");
		Objects.requireNonNull(eventType, "eventType is missing");
		Objects.requireNonNull(eventVersion, "eventVersion is missing");
		Objects.requireNonNull(bookingId, "bookingId is missing");
		Objects.requireNonNull(amount, "amount is missing");
		Objects.requireNonNull(currency, "currency is missing");
		if (!TYPE.equals(eventType) || eventVersion != VERSION) {
			throw new IllegalArgumentException(
					"Expected " + TYPE + " version " + VERSION + ", not " + eventType + " version " + eventVersion);
		}
	}

}
