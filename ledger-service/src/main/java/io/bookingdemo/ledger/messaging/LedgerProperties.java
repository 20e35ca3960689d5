package io.bookingdemo.ledger.messaging;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ledger service's event consumption.
 *
 * @param queue the SQS queue the service consumes booking events from
 * @param retry how long a failed message stays invisible before it is received again
 * @param metrics how the service measures its queues
 */
@Validated
@ConfigurationProperties("ledger")
record LedgerProperties(@NotBlank String queue, @Valid @NotNull Retry retry, @Valid @NotNull Metrics metrics) {

	/**
	 * The backoff between receives of a message that failed: SQS hides it for
	 * {@code initialBackoff * multiplier^(receives - 1)}, at most {@code maxBackoff}.
	 *
	 * @param initialBackoff the visibility timeout after the first failed receive
	 * @param multiplier the factor applied for every further failed receive
	 * @param maxBackoff the longest visibility timeout
	 */
	record Retry(@NotNull Duration initialBackoff, @DecimalMin("1.0") double multiplier, @NotNull Duration maxBackoff) {

		// SQS counts visibility timeouts in whole seconds, from 1 s to 12 h.
		private static final Duration SHORTEST = Duration.ofSeconds(1);

		private static final Duration LONGEST = Duration.ofHours(12);

		Retry {
			if (initialBackoff != null && maxBackoff != null && (initialBackoff.compareTo(SHORTEST) < 0
					|| maxBackoff.compareTo(LONGEST) > 0 || initialBackoff.compareTo(maxBackoff) > 0)) {
				throw new IllegalArgumentException("ledger.retry needs 1s <= initial-backoff <= max-backoff <= 12h");
			}
		}

	}

	/**
	 * The metrics settings.
	 *
	 * @param queueDepthRefresh the pause between two reads of the queue and dead-letter
	 * queue depths
	 */
	record Metrics(@NotNull @DurationMin(millis = 100) Duration queueDepthRefresh) {
	}

}
