package io.bookingdemo.support.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.consumer.ConsumedMessage;
import io.bookingdemo.support.consumer.EventObserver;

/**
 * Counts, times and ages every message the listeners process, by queue and event type,
 * and counts the deliveries the idempotent consumer skipped as duplicates.
 */
class EventMetrics implements EventObserver {

	// Anything else, a poison message's made-up type included, shares one tag value, so
	// that a bad sender cannot create series without bound.
	private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z]{1,64}");

	private static final String UNKNOWN = "unknown";

	// Events can wait in the outbox or the queue for minutes during an outage.
	private static final Duration LONGEST_EXPECTED_AGE = Duration.ofHours(1);

	private final MeterRegistry registry;

	private final Clock clock;

	EventMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void observe(List<ConsumedMessage> batch) {
		batch.forEach(this::record);
	}

	private void record(ConsumedMessage message) {
		String eventType = eventType(message.eventType());
		Tags tags = Tags.of("queue",
				String.valueOf(message.message().getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER)), "event.type",
				eventType);
		Timer.builder("events.processing")
			.description("Time the listener took for a message, successful or not")
			.tags(tags)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(message.processingTime());
		if (!message.succeeded()) {
			this.registry.counter("events.failed", tags).increment();
			return;
		}
		if (message.status() == ConsumedMessage.Status.DUPLICATE) {
			Counter.builder("events.duplicates.skipped")
				.description("Deliveries of an event already processed, absorbed by the idempotent consumer")
				.tag("event.type", eventType)
				.register(this.registry)
				.increment();
		}
		this.registry.counter("events.processed", tags).increment();
		if (message.occurredAt() != null) {
			Timer.builder("events.age")
				.description("Time from the event's occurredAt to the end of its processing")
				.tags(tags)
				.publishPercentileHistogram()
				.maximumExpectedValue(LONGEST_EXPECTED_AGE)
				.register(this.registry)
				.record(age(message.occurredAt()));
		}
	}

	private static String eventType(@Nullable String eventType) {
		return (eventType != null && EVENT_TYPE.matcher(eventType).matches()) ? eventType : UNKNOWN;
	}

	// A producer's clock that runs ahead would make the age negative, which a timer
	// drops; the event is counted as just in time instead.
	private Duration age(Instant occurredAt) {
		Duration age = Duration.between(occurredAt, this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

}
