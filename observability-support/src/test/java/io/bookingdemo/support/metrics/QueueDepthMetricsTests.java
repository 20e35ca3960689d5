package io.bookingdemo.support.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class QueueDepthMetricsTests {

	private static final String QUEUE = "payment-service-booking-events";

	private static final String TOPIC = "payment-events";

	private static final Duration REFRESH = Duration.ofSeconds(5);

	// Named unlike the queue, so that only the redrive policy can lead to it.
	private static final String DEAD_LETTER_QUEUE = "graveyard";

	private final FakeSqs sqs = new FakeSqs();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FakeSns sns = new FakeSns();

	private final QueueDepthMetrics metrics = new QueueDepthMetrics(this.sqs, this.sns, this.registry,
			JsonMapper.builder().build(), QUEUE, TOPIC, REFRESH);

	@Test
	void reportsTheQueueAndTheDeadLetterQueueItsRedrivePolicyNames() {
		this.sqs.queue(QUEUE, "3", "2", "1", """
				{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:%s","maxReceiveCount":5}"""
			.formatted(DEAD_LETTER_QUEUE));
		this.sqs.queue(DEAD_LETTER_QUEUE, "7", "0", "0", null);

		this.metrics.refresh();

		assertThat(depth(QUEUE, "visible")).isEqualTo(3.0);
		assertThat(depth(QUEUE, "in_flight")).isEqualTo(2.0);
		assertThat(depth(QUEUE, "delayed")).isEqualTo(1.0);
		assertThat(depth(DEAD_LETTER_QUEUE, "visible")).isEqualTo(7.0);
		assertThat(this.registry.get("sqs.queue.messages").gauges()).hasSize(6);
	}

	@Test
	void alsoReportsTheQueuesSubscribedToTheTopicItPublishesTo() {
		this.sqs.queue(QUEUE, "0", "0", "0", null);
		this.sqs.queue("ledger-service-events", "40", "10", "0", null);
		this.sns.subscribe("arn:aws:sns:us-east-1:000000000000:payment-events",
				"arn:aws:sqs:us-east-1:000000000000:ledger-service-events");
		this.sns.subscribe("arn:aws:sns:us-east-1:000000000000:booking-events",
				"arn:aws:sqs:us-east-1:000000000000:elsewhere");

		this.metrics.refresh();

		assertThat(depth("ledger-service-events", "visible")).isEqualTo(40.0);
		assertThat(depth("ledger-service-events", "in_flight")).isEqualTo(10.0);
		assertThat(this.registry.find("sqs.queue.messages").tag("queue", "elsewhere").gauges()).isEmpty();
	}

	@Test
	void stillReportsItsOwnQueueWhenTheTopicCannotBeListed(CapturedOutput output) {
		this.sqs.queue(QUEUE, "3", "2", "1", null);
		this.sns.failing = true;

		this.metrics.refresh();

		assertThat(depth(QUEUE, "visible")).isEqualTo(3.0);
		assertThat(output).contains("Cannot list the queues subscribed to topic payment-events");
	}

	@Test
	void keepsTheLastCountsAndWarnsWhenARefreshFails(CapturedOutput output) {
		this.sqs.queue(QUEUE, "3", "2", "1", null);
		this.metrics.refresh();
		this.sqs.queue(QUEUE, "4", "0", "0", null);
		this.sqs.failing = true;

		this.metrics.refresh();

		assertThat(depth(QUEUE, "visible")).isEqualTo(3.0);
		assertThat(output).contains("WARN").contains("Cannot refresh the depth of queue " + QUEUE);
	}

	@Test
	void reportsNoQueueBeforeItsFirstSuccessfulRefresh() {
		this.sqs.failing = true;

		this.metrics.refresh();

		assertThat(this.registry.find("sqs.queue.messages").gauges()).isEmpty();
	}

	@Test
	void reportsOnlyItsQueueAndItsDeadLetterQueueWithoutATopic(CapturedOutput output) {
		QueueDepthMetrics consumerOnly = new QueueDepthMetrics(this.sqs, null, this.registry,
				JsonMapper.builder().build(), QUEUE, null, REFRESH);
		this.sqs.queue(QUEUE, "3", "2", "1", """
				{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:%s","maxReceiveCount":5}"""
			.formatted(DEAD_LETTER_QUEUE));
		this.sqs.queue(DEAD_LETTER_QUEUE, "7", "0", "0", null);

		consumerOnly.refresh();

		assertThat(depth(QUEUE, "visible")).isEqualTo(3.0);
		assertThat(depth(DEAD_LETTER_QUEUE, "visible")).isEqualTo(7.0);
		assertThat(this.registry.get("sqs.queue.messages").gauges()).hasSize(6);
		assertThat(output).doesNotContain("Cannot list the queues subscribed");
	}

	@Test
	void reportsOnlyTheQueuesSubscribedToItsTopicWithoutAQueue(CapturedOutput output) {
		QueueDepthMetrics publisherOnly = new QueueDepthMetrics(this.sqs, this.sns, this.registry,
				JsonMapper.builder().build(), null, TOPIC, REFRESH);
		this.sqs.queue(QUEUE, "3", "2", "1", null);
		this.sqs.queue("ledger-service-events", "40", "10", "0", null);
		this.sns.subscribe("arn:aws:sns:us-east-1:000000000000:payment-events",
				"arn:aws:sqs:us-east-1:000000000000:ledger-service-events");

		publisherOnly.refresh();

		assertThat(depth("ledger-service-events", "visible")).isEqualTo(40.0);
		assertThat(this.registry.find("sqs.queue.messages").tag("queue", QUEUE).gauges()).isEmpty();
		assertThat(this.registry.get("sqs.queue.messages").gauges()).hasSize(3);
		assertThat(output).doesNotContain("Cannot refresh the depth");
	}

	private double depth(String queue, String state) {
		return this.registry.get("sqs.queue.messages").tags("queue", queue, "state", state).gauge().value();
	}

	/**
	 * Answers the two listings the metrics make from subscriptions held in memory.
	 */
	private static final class FakeSns implements SnsClient {

		private final Map<String, List<String>> subscriptions = new HashMap<>();

		private volatile boolean failing;

		void subscribe(String topicArn, String queueArn) {
			this.subscriptions.computeIfAbsent(topicArn, (arn) -> new ArrayList<>()).add(queueArn);
		}

		@Override
		public ListTopicsResponse listTopics(ListTopicsRequest request) {
			if (this.failing) {
				throw SnsException.builder().message("unreachable").build();
			}
			return ListTopicsResponse.builder()
				.topics(this.subscriptions.keySet()
					.stream()
					.map((arn) -> Topic.builder().topicArn(arn).build())
					.toList())
				.build();
		}

		@Override
		public ListSubscriptionsByTopicResponse listSubscriptionsByTopic(ListSubscriptionsByTopicRequest request) {
			return ListSubscriptionsByTopicResponse.builder()
				.subscriptions(this.subscriptions.getOrDefault(request.topicArn(), List.of())
					.stream()
					.map((endpoint) -> Subscription.builder().protocol("sqs").endpoint(endpoint).build())
					.toList())
				.build();
		}

		@Override
		public String serviceName() {
			return "sns";
		}

		@Override
		public void close() {
		}

	}

	/**
	 * Answers the two calls the metrics make from queue attributes held in memory.
	 */
	private static final class FakeSqs implements SqsAsyncClient {

		private final Map<String, Map<QueueAttributeName, String>> attributes = new HashMap<>();

		private volatile boolean failing;

		void queue(String name, String visible, String inFlight, String delayed, String redrivePolicy) {
			Map<QueueAttributeName, String> queue = new HashMap<>();
			queue.put(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, visible);
			queue.put(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, inFlight);
			queue.put(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, delayed);
			if (redrivePolicy != null) {
				queue.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy);
			}
			this.attributes.put(url(name), queue);
		}

		@Override
		public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest request) {
			return CompletableFuture
				.completedFuture(GetQueueUrlResponse.builder().queueUrl(url(request.queueName())).build());
		}

		@Override
		public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest request) {
			if (this.failing) {
				return CompletableFuture.failedFuture(SqsException.builder().message("unreachable").build());
			}
			return CompletableFuture.completedFuture(
					GetQueueAttributesResponse.builder().attributes(this.attributes.get(request.queueUrl())).build());
		}

		@Override
		public String serviceName() {
			return "sqs";
		}

		@Override
		public void close() {
		}

		private static String url(String name) {
			return "https://sqs.us-east-1.amazonaws.com/000000000000/" + name;
		}

	}

}
