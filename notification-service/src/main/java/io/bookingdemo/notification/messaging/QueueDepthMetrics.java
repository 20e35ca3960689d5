package io.bookingdemo.notification.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Reports how many messages the service's queue and its dead-letter queue hold, as gauges
 * that read the counts {@code GetQueueAttributes} returned at the last refresh.
 */
@Component
@EnableScheduling
class QueueDepthMetrics implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(QueueDepthMetrics.class);

	private static final Map<String, QueueAttributeName> STATES = Map.of("visible",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "in_flight",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "delayed",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

	private static final List<QueueAttributeName> ATTRIBUTES = Stream
		.concat(STATES.values().stream(), Stream.of(QueueAttributeName.REDRIVE_POLICY))
		.toList();

	private final SqsAsyncClient sqs;

	private final MeterRegistry registry;

	private final JsonMapper json;

	private final String queue;

	private final Duration refresh;

	private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

	private final Map<Series, AtomicLong> counts = new ConcurrentHashMap<>();

	QueueDepthMetrics(SqsAsyncClient sqs, MeterRegistry registry, JsonMapper json, NotificationProperties properties) {
		this.sqs = sqs;
		this.registry = registry;
		this.json = json;
		this.queue = properties.queue();
		this.refresh = properties.metrics().queueDepthRefresh();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::refresh, this.refresh);
	}

	/**
	 * Fetches the counts of the queue and of the dead-letter queue its redrive policy
	 * names; a failure keeps the last counts and is retried at the next refresh.
	 */
	void refresh() {
		try {
			Map<QueueAttributeName, String> attributes = attributes(this.queue);
			record(this.queue, attributes);
			String redrivePolicy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
			if (redrivePolicy != null) {
				String deadLetterArn = this.json.readTree(redrivePolicy).path("deadLetterTargetArn").asString("");
				String deadLetterQueue = deadLetterArn.substring(deadLetterArn.lastIndexOf(':') + 1);
				record(deadLetterQueue, attributes(deadLetterQueue));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot refresh the depth of queue {} and its dead-letter queue: {}", this.queue,
					ex.toString());
		}
	}

	private Map<QueueAttributeName, String> attributes(String queueName) {
		String url = this.queueUrls.computeIfAbsent(queueName,
				(name) -> this.sqs.getQueueUrl((request) -> request.queueName(name)).join().queueUrl());
		return this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(ATTRIBUTES))
			.join()
			.attributes();
	}

	private void record(String queueName, Map<QueueAttributeName, String> attributes) {
		STATES.forEach((state, attribute) -> {
			long count = Long.parseLong(attributes.get(attribute));
			this.counts.computeIfAbsent(new Series(queueName, state), this::register).set(count);
		});
	}

	private AtomicLong register(Series series) {
		AtomicLong count = new AtomicLong();
		Gauge.builder("sqs.queue.messages", count, AtomicLong::get)
			.description("Approximate number of messages in an SQS queue, by state")
			.tag("queue", series.queue())
			.tag("state", series.state())
			.register(this.registry);
		return count;
	}

	private record Series(String queue, String state) {
	}

}
