package io.bookingdemo.support;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 * @param database the limits every connection to the service's database runs with
 * @param processedEvents the retention of the idempotent consumer's records
 * @param mode whether the deployment runs on standard or FIFO topics and queues;
 * {@code queue} and {@code topic} name resources of that mode, as the topology names them
 * (see {@link MessagingMode})
 * @param tracing how the trace of a business operation crosses the outbox and the queues
 */
@Validated
@ConfigurationProperties("messaging")
public record MessagingProperties(@Nullable String queue, @Nullable String topic,
		@Valid @NotNull @DefaultValue Listener listener, @Valid @NotNull @DefaultValue Outbox outbox,
		@Valid @NotNull @DefaultValue Metrics metrics, @Valid @NotNull @DefaultValue Database database,
		@Valid @NotNull @DefaultValue ProcessedEvents processedEvents,
		@NotNull @DefaultValue("standard") MessagingMode mode, @Valid @NotNull @DefaultValue Tracing tracing) {

	// A FIFO queue under a standard name would fail only at the first receive, and a
	// standard topic in FIFO mode would refuse every publish.
	@AssertTrue(
			message = "queue and topic must name resources of the messaging mode: in fifo mode their names end in .fifo")
	boolean isNamingResourcesOfTheMode() {
		return this.mode == null || ((this.queue == null || this.mode.names(this.queue))
				&& (this.topic == null || this.mode.names(this.topic)));
	}

	/**
	 * The SQS listener container.
	 *
	 * @param maxMessagesPerPoll the messages one receive asks for (SQS allows 10)
	 * @param pollTimeout the long-poll wait of one receive (SQS allows 20 s)
	 * @param retry the backoff between receives of a message that failed
	 * @param outage the pause while the service's database is out of reach
	 * @param heartbeat the extension of a message's visibility while it is processed
	 * @param maxRate the most messages per second this instance's listeners receive, all
	 * queues together, or none for no cap; the messages beyond it stay in their queue
	 * rather than waiting in flight
	 * @param limits what a message's body may hold before it is refused unread
	 */
	public record Listener(@DefaultValue("10") @Min(1) @Max(10) int maxMessagesPerPoll,
			@DefaultValue("20s") @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 20) Duration pollTimeout,
			@Valid @NotNull @DefaultValue Retry retry, @Valid @NotNull @DefaultValue Outage outage,
			@Valid @NotNull @DefaultValue Heartbeat heartbeat, @Nullable @Min(1) Integer maxRate,
			@Valid @NotNull @DefaultValue Limits limits) {
	}

	/**
	 * The bounds on the numbers of an event, whether they travel as JSON numbers or as
	 * strings: a number beyond them fails the message before any handler runs. They keep
	 * every later step cheap: rounding or printing a number costs at most about
	 * {@code maxPrecision + maxScale} digits, where {@code 1E+100000000} would cost a
	 * hundred million.
	 *
	 * @param maxPrecision the most significant digits a number may have
	 * @param maxScale the largest scale a number may have, either way: at most this many
	 * digits after the point, and at most this many zeros implied by a positive exponent
	 */
	public record Limits(@DefaultValue("30") @Min(1) @Max(1000) int maxPrecision,
			@DefaultValue("10") @Min(0) @Max(1000) int maxScale) {
	}

	/**
	 * The visibility heartbeat: a message processed for longer than {@code interval} has
	 * its visibility timeout set to {@code extension} from then on, every
	 * {@code interval}, until its processing ends. The interval must be shorter than the
	 * queue's visibility timeout (30 s in {@code infra/topology.json}).
	 *
	 * @param interval the processing time before the first extension, and between two
	 * @param extension the visibility timeout each extension sets (whole seconds)
	 * @param maxProcessingTime the longest a message is kept hidden while it is
	 * processed: past it the heartbeat stops extending it, counts it in
	 * {@code messaging.listener.heartbeat.given.up} and leaves it to its retries, so that
	 * a message that never finishes still reaches its dead-letter queue
	 */
	public record Heartbeat(@DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration interval,
			@DefaultValue("30s") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 12) Duration extension,
			@DefaultValue("5m") @NotNull @DurationMin(millis = 100) Duration maxProcessingTime) {

		@AssertTrue(message = "interval must be shorter than extension")
		boolean isShorterThanTheExtension() {
			return this.interval == null || this.extension == null || this.interval.compareTo(this.extension) < 0;
		}

	}

	/**
	 * The pause of the listeners while the service's database is out of reach: they pull
	 * no messages, and a probe checks the database until it answers again.
	 *
	 * @param probeInterval the pause between two probes of the database
	 * @param redeliveryDelay how long a message that failed for want of the database
	 * stays hidden before SQS delivers it again, in place of the backoff (whole seconds)
	 * @param busyPoolWait how long a message waits in place, hidden by the heartbeat, for
	 * a connection of a pool whose connections are all busy while the database answers,
	 * before it is returned to the queue (shorter than the heartbeat's ceiling, so that a
	 * waiting message is never given up by the heartbeat first)
	 */
	public record Outage(@DefaultValue("2s") @NotNull @DurationMin(millis = 100) Duration probeInterval,
			@DefaultValue("1s") @NotNull @DurationMin(seconds = 0) @DurationMax(hours = 12) Duration redeliveryDelay,
			@DefaultValue("2m") @NotNull @DurationMin(seconds = 0) Duration busyPoolWait) {
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
	 * @param maxRefusals how many times SNS may refuse a row itself (an invalid or
	 * oversized message, not an outage) before the relay sets it aside for an operator
	 * and moves on
	 */
	public record Outbox(@DefaultValue("200ms") @NotNull @DurationMin(millis = 10) Duration pollInterval,
			@DefaultValue("10") @Min(1) @Max(10) int batchSize,
			@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration publishTimeout,
			@DefaultValue("7d") @NotNull @DurationMin(seconds = 0) Duration retention,
			@DefaultValue("1h") @NotNull @DurationMin(millis = 100) Duration purgeInterval,
			@DefaultValue("5") @Min(1) int maxRefusals) {
	}

	/**
	 * The gauges read on a schedule.
	 *
	 * @param refresh the pause between two reads of the queue depths and of the outbox
	 * backlog
	 */
	public record Metrics(@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration refresh) {
	}

	/**
	 * The limits set on every connection of the service's pool when it is opened, so that
	 * a runaway query or a lock held by a stuck transaction fails its caller instead of
	 * holding a connection without end. PostgreSQL counts both in milliseconds; zero
	 * turns a limit off.
	 *
	 * @param statementTimeout the longest one statement may run
	 * @param lockTimeout the longest one statement may wait for a lock
	 */
	public record Database(@DefaultValue("30s") @NotNull @DurationMin(seconds = 0) Duration statementTimeout,
			@DefaultValue("5s") @NotNull @DurationMin(seconds = 0) Duration lockTimeout) {
	}

	/**
	 * The retention of {@code processed_events}, the ids of the events a consumer has
	 * applied. A record must outlive every copy of its event that SQS can still deliver:
	 * a queue keeps a message 4 days, a dead-letter queue 14 (see
	 * {@code infra/topology.json}), and a message redriven from one to the other starts
	 * again, so the default keeps records 30 days.
	 *
	 * @param retention how long a record is kept after its event was applied
	 * @param purgeInterval the pause between two purges
	 * @param purgeBatchSize the most records one delete removes, so that no delete holds
	 * its locks long
	 */
	public record ProcessedEvents(@DefaultValue("30d") @NotNull @DurationMin(days = 1) Duration retention,
			@DefaultValue("1h") @NotNull @DurationMin(millis = 100) Duration purgeInterval,
			@DefaultValue("1000") @Min(1) @Max(100000) int purgeBatchSize) {
	}

	/**
	 * How the trace of a business operation crosses the outbox and the queues.
	 *
	 * @param groupTag the span tag, and the logging context key, that carry the message
	 * group of the events a span is about (the business id, such as {@code booking.id})
	 * @param otlpEndpoint the OTLP/HTTP collector spans are exported to as well, if any
	 * (Boot's {@code management.opentelemetry.tracing.export.otlp.endpoint} is set from
	 * it only when it is not blank)
	 * @param statements whether each SQL statement run inside a span is a span of its
	 * own; off by default, as it more than doubles a booking's spans, more than the
	 * demo's in-memory Zipkin holds under load (BENCHMARKS.md)
	 */
	public record Tracing(@DefaultValue("message.group") @NotBlank String groupTag, @Nullable String otlpEndpoint,
			@DefaultValue("false") boolean statements) {
	}

}
