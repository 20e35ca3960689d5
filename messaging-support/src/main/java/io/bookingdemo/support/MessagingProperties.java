package io.bookingdemo.support;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a service's messaging: the queue it reads, the topic its outbox publishes
 * to, and how the listener, the relay and the metrics behave.
 *
 * @param queue the SQS queue the service's listener reads, if it reads one
 * @param topic the SNS topic the service's outbox publishes to, if it publishes; the
 * relay runs only when it is set
 * @param listener the SQS listener container
 * @param outbox the outbox relay
 * @param metrics the queue depth and outbox gauges
 * @param mode whether the deployment runs on standard or FIFO topics and queues; in
 * {@code fifo} mode {@code queue} and {@code topic} read as their configured names plus
 * {@code .fifo} (see {@link MessagingMode})
 */
@Validated
@ConfigurationProperties("messaging")
public record MessagingProperties(@Nullable String queue, @Nullable String topic,
		@Valid @NotNull @DefaultValue Listener listener, @Valid @NotNull @DefaultValue Outbox outbox,
		@Valid @NotNull @DefaultValue Metrics metrics, @NotNull @DefaultValue("standard") MessagingMode mode) {

	/**
	 * The SQS listener container.
	 *
	 * @param maxMessagesPerPoll the messages one receive asks for (SQS allows 10)
	 * @param pollTimeout the long-poll wait of one receive (SQS allows 20 s)
	 * @param retry the backoff between receives of a message that failed
	 */
	public record Listener(@DefaultValue("10") @Min(1) @Max(10) int maxMessagesPerPoll,
			@DefaultValue("20s") @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 20) Duration pollTimeout,
			@Valid @NotNull @DefaultValue Retry retry) {
	}

	/**
	 * An exponential backoff, applied through the failed message's visibility timeout:
	 * SQS hides it for {@code initialBackoff * multiplier^(receives - 1)}, at most
	 * {@code maxBackoff}, until the queue's redrive policy moves it to the dead-letter
	 * queue. SQS counts visibility timeouts in whole seconds, up to 12 hours.
	 *
	 * @param initialBackoff the wait before the second receive
	 * @param multiplier the growth of each following wait
	 * @param maxBackoff the longest wait
	 */
	public record Retry(
			@DefaultValue("1s") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration initialBackoff,
			@DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
			@DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration maxBackoff) {

		@AssertTrue(message = "initial-backoff must not be longer than max-backoff")
		boolean isOrdered() {
			return this.initialBackoff == null || this.maxBackoff == null
					|| this.initialBackoff.compareTo(this.maxBackoff) <= 0;
		}

	}

	/**
	 * The outbox relay.
	 *
	 * @param pollInterval the pause between two relay runs
	 * @param batchSize the rows published per SNS {@code PublishBatch} call (SNS allows
	 * 10)
	 * @param publishTimeout the longest an SNS call may take, so that a hung endpoint
	 * cannot hold a claimed batch and its transaction open
	 * @param retention how long a published row is kept, for inspection, before it is
	 * deleted
	 * @param purgeInterval the pause between two deletions of expired rows
	 */
	public record Outbox(@DefaultValue("200ms") @NotNull @DurationMin(millis = 10) Duration pollInterval,
			@DefaultValue("10") @Min(1) @Max(10) int batchSize,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration publishTimeout,
			@DefaultValue("7d") @NotNull @DurationMin(seconds = 0) Duration retention,
			@DefaultValue("1h") @NotNull @DurationMin(millis = 100) Duration purgeInterval) {
	}

	/**
	 * The gauges read on a schedule.
	 *
	 * @param refresh the pause between two reads of the queue depths and of the outbox
	 * backlog
	 */
	public record Metrics(@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration refresh) {
	}

}
