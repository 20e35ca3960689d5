package io.bookingdemo.booking.messaging;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment events this service consumes.
 *
 * @param queue the SQS queue of payment events for this service
 * @param retry the backoff between receives of a message that failed
 * @param metrics how the service measures its queue
 */
@Validated
@ConfigurationProperties("booking.payment-events")
record MessagingProperties(@NotBlank String queue, @Valid @NotNull Retry retry, @Valid @NotNull Metrics metrics) {

	/**
	 * An exponential backoff, applied through the message's visibility timeout; SQS
	 * allows whole seconds up to 12 hours.
	 *
	 * @param initialBackoff the wait before the second receive
	 * @param multiplier the growth of each following wait
	 * @param maxBackoff the longest wait
	 */
	record Retry(@NotNull @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration initialBackoff,
			@DecimalMin("1.0") double multiplier,
			@NotNull @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration maxBackoff) {
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
