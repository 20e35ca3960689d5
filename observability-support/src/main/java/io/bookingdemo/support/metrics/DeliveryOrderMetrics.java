package io.bookingdemo.support.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.consumer.ConsumedMessage;
import io.bookingdemo.support.consumer.EventObserver;

import org.springframework.messaging.MessageHeaders;

/**
 * Counts what the broker did to the order and number of deliveries, as this instance saw
 * them: {@code events.out.of.order}, a message whose {@code sequence} is lower than one
 * already received from the same publisher for the same {@code messageGroup} (written
 * earlier, received later), and {@code events.duplicate.deliveries}, a message whose
 * event was already processed successfully here. The outbox relay sets those attributes;
 * a message without them is not counted. Memory is bounded: the oldest groups and events
 * are forgotten first.
 */
class DeliveryOrderMetrics implements EventObserver {

	// Enough for every booking of a long demo run; an entry is a few hundred bytes.
	private static final int REMEMBERED = 100_000;

	private final MeterRegistry registry;

	private final Map<String, Long> highestSequence = bounded();

	private final Map<String, Boolean> processedEvents = bounded();

	DeliveryOrderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void observe(List<ConsumedMessage> batch) {
		batch.forEach(this::observe);
	}

	// In the order of the batch, so that an event delivered twice in one batch counts
	// as a duplicate delivery.
	private void observe(ConsumedMessage consumed) {
		MessageHeaders headers = consumed.message().getHeaders();
		String queue = String.valueOf(headers.get(SqsHeaders.SQS_QUEUE_NAME_HEADER));
		String eventId = text(headers.get("eventId"));
		if (eventId != null) {
			synchronized (this.processedEvents) {
				if (this.processedEvents.containsKey(eventId)) {
					counter("events.duplicate.deliveries", "Deliveries of an event already processed here", queue)
						.increment();
				}
				else if (consumed.succeeded()) {
					this.processedEvents.put(eventId, Boolean.TRUE);
				}
			}
		}
		Long sequence = number(headers.get("sequence"));
		String group = text(headers.get("messageGroup"));
		if (sequence != null && group != null) {
			String key = headers.get("publisher") + "/" + group;
			synchronized (this.highestSequence) {
				Long highest = this.highestSequence.get(key);
				if (highest != null && sequence < highest) {
					counter("events.out.of.order",
							"Messages received after a later message of the same group and publisher", queue)
						.increment();
				}
				else {
					this.highestSequence.put(key, sequence);
				}
			}
		}
	}

	private Counter counter(String name, String description, String queue) {
		return Counter.builder(name).description(description).tag("queue", queue).register(this.registry);
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static @Nullable Long number(@Nullable Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return (value != null) ? Long.valueOf(value.toString()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static <V> Map<String, V> bounded() {
		return new LinkedHashMap<>(1024, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > REMEMBERED;
			}

		};
	}

}
