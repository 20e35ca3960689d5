package io.bookingdemo.notification.messaging;

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
 * Settings of the notification service's event consumption.
 *
 * @param queue the SQS queue booking events arrive on
 * @param retry how long a failed message waits before its next delivery
 * @param metrics how the service measures its queues
 */
@Validated
@ConfigurationProperties("notification")
record NotificationProperties(@NotBlank String queue, @Valid @NotNull Retry retry, @Valid @NotNull Metrics metrics) {

	/**
	 * The backoff between deliveries of a failing message, applied as its visibility
	 * timeout; SQS allows whole seconds up to 12 hours.
	 *
	 * @param initialBackoff the wait after the first failed delivery
	 * @param multiplier the factor the wait grows by with each further delivery
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
