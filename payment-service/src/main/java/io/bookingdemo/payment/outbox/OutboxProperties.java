package io.bookingdemo.payment.outbox;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox relay.
 *
 * @param topic the name of the SNS topic payment events are published to
 * @param pollInterval the pause between two relay runs
 * @param batchSize the rows sent in one SNS PublishBatch call, which takes at most 10
 * @param metricsRefresh the pause between two counts of the unpublished rows
 */
@Validated
@ConfigurationProperties("payment.outbox")
record OutboxProperties(@NotBlank String topic, @NotNull Duration pollInterval, @Min(1) @Max(10) int batchSize,
		@NotNull Duration metricsRefresh) {
}
