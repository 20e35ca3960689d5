package io.bookingdemo.ledger.messaging;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Size;

/**
 * The fields of a {@code PaymentRefunded} event (contract
 * {@code payment-refunded.v1.json}) that the ledger reads; the others are ignored.
 *
 * @param eventId the event's unique id
 * @param eventType always {@value #TYPE}
 * @param eventVersion the contract version
 * @param bookingId the booking refunded
 * @param amount the amount refunded
 * @param currency the amount's ISO 4217 currency
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PaymentRefunded(UUID eventId, String eventType, Integer eventVersion, UUID bookingId, BigDecimal amount,
		@Size(min = 3, max = 3) String currency) {

	static final String TYPE = "PaymentRefunded";

	static final int VERSION = 1;

	PaymentRefunded {
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
