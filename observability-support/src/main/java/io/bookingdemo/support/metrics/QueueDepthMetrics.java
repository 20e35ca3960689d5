package io.bookingdemo.support.metrics;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.TopicArnLookup;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Reports how many messages the service's queue and its dead-letter queue hold, and those
 * of every queue subscribed to the topic the service publishes to, as gauges that read
 * the counts {@code GetQueueAttributes} returned at the last refresh.
 */
class QueueDepthMetrics implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(QueueDepthMetrics.class);

	private static final Map<String, QueueAttributeName> STATES = Map.of("visible",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "in_flight",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "delayed",
			QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

	private static final List<QueueAttributeName> ATTRIBUTES = Stream
		.concat(STATES.values().stream(), Stream.of(QueueAttributeName.REDRIVE_POLICY))
		.toList();

	// Long enough for a busy endpoint, short enough that a hung one cannot hold the
	// scheduler thread the gauges share with others; it bounds every call, retries
	// included.
	private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(5);

	private final SqsAsyncClient sqs;

	private final MeterRegistry registry;

	private final JsonMapper json;

	private final @Nullable String queue;

	private final @Nullable SnsClient sns;

	private final @Nullable TopicArnLookup topic;

	private final Duration refresh;

	private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

	private final Map<Series, AtomicLong> counts = new ConcurrentHashMap<>();

	/**
	 * Creates the gauges' source.
	 * @param sqs the SQS client
	 * @param sns the SNS client, needed only with a topic
	 * @param registry where the gauges are registered
	 * @param json reads redrive policies
	 * @param queue the queue the service reads, if any
	 * @param topic the topic the service publishes to, if any
	 * @param refresh the pause between two refreshes
	 */
	QueueDepthMetrics(SqsAsyncClient sqs, @Nullable SnsClient sns, MeterRegistry registry, JsonMapper json,
			@Nullable String queue, @Nullable String topic, Duration refresh) {
		this.sqs = sqs;
		this.registry = registry;
		this.json = json;
		this.queue = queue;
		this.topic = (topic != null && sns != null) ? new TopicArnLookup(sns, topic, LISTING_TIMEOUT) : null;
		this.sns = sns;
		this.refresh = refresh;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::refresh, this.refresh);
	}

	/**
	 * Fetches the counts of the watched queues and of the dead-letter queues their
	 * redrive policies name; a failure keeps the last counts and is retried at the next
	 * refresh.
	 */
	void refresh() {
		Set<String> queues = new LinkedHashSet<>();
		if (this.queue != null) {
			queues.add(this.queue);
		}
		if (this.sns != null && this.topic != null) {
			try {
				queues.addAll(subscribedQueues(this.sns, this.topic.get()));
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot list the queues subscribed to topic {}: {}", this.topic.topic(), ex.toString());
			}
		}
		for (String queueName : queues) {
			try {
				refresh(queueName);
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot refresh the depth of queue {} and its dead-letter queue: {}", queueName,
						ex.toString());
			}
		}
	}

	private void refresh(String queueName) {
		Map<QueueAttributeName, String> attributes = attributes(queueName);
		record(queueName, attributes);
		String redrivePolicy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
		if (redrivePolicy != null) {
			String deadLetterQueue = nameOf(this.json.readTree(redrivePolicy).path("deadLetterTargetArn").asString(""));
			record(deadLetterQueue, attributes(deadLetterQueue));
		}
	}

	// The consumers of this service's events, so that their backlog stays visible while
	// one of them is down and cannot report its own queue.
	private List<String> subscribedQueues(SnsClient sns, String topicArn) {
		return sns
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn)
				.overrideConfiguration((call) -> call.apiCallTimeout(LISTING_TIMEOUT)))
			.subscriptions()
			.stream()
			.filter((subscription) -> "sqs".equals(subscription.protocol()))
			.map((subscription) -> nameOf(subscription.endpoint()))
			.toList();
	}

	private static String nameOf(String arn) {
		return arn.substring(arn.lastIndexOf(':') + 1);
	}

	private Map<QueueAttributeName, String> attributes(String queueName) {
		String url = this.queueUrls.computeIfAbsent(queueName,
				(name) -> this.sqs
					.getQueueUrl((request) -> request.queueName(name)
						.overrideConfiguration((call) -> call.apiCallTimeout(LISTING_TIMEOUT)))
					.join()
					.queueUrl());
		return this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(ATTRIBUTES)
				.overrideConfiguration((call) -> call.apiCallTimeout(LISTING_TIMEOUT)))
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
