package io.bookingdemo.support.testapp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bookingdemo.testsupport.LocalInfrastructure;
import io.bookingdemo.infra.topology.AwsClients;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The test application's own topic and queues on the shared emulator, created once per
 * JVM before any application context needs them: the topic the outbox publishes to, a
 * raw-delivery "tap" queue subscribed to it for the tests to read, the listener's queue
 * with a dead-letter queue after {@value #MAX_RECEIVE_COUNT} receives, and its FIFO
 * queue.
 */
public final class TestTopology {

	/** The topic the outbox publishes to. */
	public static final String TOPIC = "support-test-events";

	/** The queue subscribed to {@link #TOPIC}, read by the tests only. */
	public static final String TAP = "support-test-events-tap";

	/** The FIFO topic a relay in fifo mode publishes to. */
	public static final String FIFO_TOPIC = "support-test-events.fifo";

	/** The FIFO queue subscribed to {@link #FIFO_TOPIC}, read by the tests only. */
	public static final String FIFO_TAP = "support-test-events-tap.fifo";

	/** The queue {@link WidgetListener} reads. */
	public static final String QUEUE = "support-test-queue";

	/** The dead-letter queue of {@link #QUEUE}. */
	public static final String DEAD_LETTER_QUEUE = "support-test-queue-dlq";

	/** The FIFO queue {@link WidgetListener} reads, with no dead-letter queue. */
	public static final String ORDERED_QUEUE = "support-test-ordered-queue.fifo";

	/** A FIFO queue no listener reads, for the dead-letter queue's FIFO redrive. */
	public static final String FIFO_QUEUE = "support-test-queue.fifo";

	/** The FIFO dead-letter queue of {@link #FIFO_QUEUE}. */
	public static final String FIFO_DEAD_LETTER_QUEUE = "support-test-queue-dlq.fifo";

	/**
	 * A queue for a listener capped by {@code messaging.listener.max-rate}, whose
	 * messages become visible again after {@value #CAPPED_QUEUE_VISIBILITY_TIMEOUT} s in
	 * flight.
	 */
	public static final String CAPPED_QUEUE = "support-test-capped-queue";

	/** The visibility timeout of {@link #CAPPED_QUEUE}, in seconds: short, on purpose. */
	public static final int CAPPED_QUEUE_VISIBILITY_TIMEOUT = 5;

	/**
	 * A queue for the tests of a busy connection pool, whose messages become visible
	 * again after {@value #BUSY_POOL_QUEUE_VISIBILITY_TIMEOUT} s unless the heartbeat
	 * keeps them hidden, and move to {@link #BUSY_POOL_DEAD_LETTER_QUEUE} after
	 * {@value #MAX_RECEIVE_COUNT} receives.
	 */
	public static final String BUSY_POOL_QUEUE = "support-test-busy-pool-queue";

	/** The dead-letter queue of {@link #BUSY_POOL_QUEUE}. */
	public static final String BUSY_POOL_DEAD_LETTER_QUEUE = "support-test-busy-pool-queue-dlq";

	/**
	 * The visibility timeout of {@link #BUSY_POOL_QUEUE}, in seconds: short, on purpose.
	 */
	public static final int BUSY_POOL_QUEUE_VISIBILITY_TIMEOUT = 5;

	/**
	 * A queue for a listener whose processing outlasts its visibility heartbeat's
	 * ceiling: its messages become visible again one second after their last extension.
	 */
	public static final String SLOW_QUEUE = "support-test-slow-queue";

	/** The dead-letter queue of {@link #SLOW_QUEUE}. */
	public static final String SLOW_DEAD_LETTER_QUEUE = "support-test-slow-queue-dlq";

	/** The receives of a failing message before SQS moves it to the dead-letter queue. */
	public static final int MAX_RECEIVE_COUNT = 2;

	private static final LocalInfrastructure INFRASTRUCTURE = LocalInfrastructure.shared();

	private static final AwsClients CLIENTS = AwsClients.create(Optional.of(INFRASTRUCTURE.emulator().endpoint()),
			INFRASTRUCTURE.emulator().region());

	static {
		create();
	}

	private TestTopology() {
	}

	/**
	 * The shared infrastructure the topology lives on.
	 * @return the infrastructure
	 */
	public static LocalInfrastructure infrastructure() {
		return INFRASTRUCTURE;
	}

	/**
	 * The properties that point the test application at its database, at the emulator and
	 * at this topology.
	 * @return property names and values
	 */
	public static Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>(INFRASTRUCTURE.springProperties("support"));
		properties.put("messaging.topic", TOPIC);
		properties.put("messaging.queue", QUEUE);
		properties.put("widgets.fifo-queue", ORDERED_QUEUE);
		return properties;
	}

	/**
	 * Sends a message the way a raw-delivery subscription delivers an event.
	 * @param queue the queue's name
	 * @param body the message body
	 * @param attributes the message attributes, as strings
	 */
	public static void send(String queue, String body, Map<String, String> attributes) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		Map<String, MessageAttributeValue> values = new HashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body).messageAttributes(values));
	}

	/**
	 * Sends up to ten messages in one request, so that a listener likely receives them
	 * together.
	 * @param queue the queue's name
	 * @param messages the bodies of the messages, with their attributes as strings
	 */
	public static void sendBatch(String queue, List<Map.Entry<String, Map<String, String>>> messages) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
		for (Map.Entry<String, Map<String, String>> message : messages) {
			Map<String, MessageAttributeValue> values = new HashMap<>();
			message.getValue()
				.forEach((name, value) -> values.put(name,
						MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
			entries.add(SendMessageBatchRequestEntry.builder()
				.id(String.valueOf(entries.size()))
				.messageBody(message.getKey())
				.messageAttributes(values)
				.build());
		}
		sqs.sendMessageBatch((request) -> request.queueUrl(url).entries(entries));
	}

	/**
	 * Sends a message to a FIFO queue the way a raw-delivery subscription of a FIFO topic
	 * delivers an event.
	 * @param queue the FIFO queue's name
	 * @param body the message body
	 * @param attributes the message attributes, as strings
	 * @param group the message group id
	 * @param deduplicationId the message deduplication id
	 * @return the message's id
	 */
	public static String sendFifo(String queue, String body, Map<String, String> attributes, String group,
			String deduplicationId) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		Map<String, MessageAttributeValue> values = new HashMap<>();
		attributes.forEach((name, value) -> values.put(name,
				MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
		return sqs
			.sendMessage((request) -> request.queueUrl(url)
				.messageBody(body)
				.messageAttributes(values)
				.messageGroupId(group)
				.messageDeduplicationId(deduplicationId))
			.messageId();
	}

	/**
	 * Receives up to ten messages, waiting at most a second, and deletes them.
	 * @param queue the queue's name
	 * @return the messages, with their attributes, in the order the queue returned them
	 */
	public static List<Message> receiveAndDelete(String queue) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		List<Message> messages = sqs
			.receiveMessage((request) -> request.queueUrl(url)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(1)
				.messageAttributeNames("All"))
			.messages();
		messages.forEach((message) -> sqs
			.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle())));
		return messages;
	}

	/**
	 * The messages a queue holds, visible or in flight.
	 * @param queue the queue's name
	 * @return the approximate number of messages
	 */
	public static int messagesIn(String queue) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		Map<QueueAttributeName, String> attributes = sqs
			.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				+ Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	/**
	 * Receives up to ten messages from a FIFO queue, with their group and deduplication
	 * ids, waiting at most a second, and deletes them.
	 * @param queue the queue's name
	 * @return the messages, in the order the queue returned them
	 */
	public static List<Message> receiveAndDeleteFifo(String queue) {
		SqsClient sqs = CLIENTS.sqs();
		String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
		List<Message> messages = sqs
			.receiveMessage((request) -> request.queueUrl(url)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(1)
				.messageAttributeNames("All")
				.messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
						MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
			.messages();
		messages.forEach((message) -> sqs
			.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle())));
		return messages;
	}

	private static void create() {
		subscribe(TOPIC, Map.of(), TAP, Map.of());
		subscribe(FIFO_TOPIC, Map.of("FifoTopic", "true"), FIFO_TAP, Map.of(QueueAttributeName.FIFO_QUEUE, "true"));
		SqsClient sqs = CLIENTS.sqs();
		String deadLetterQueueArn = arnOf(
				sqs.createQueue((request) -> request.queueName(DEAD_LETTER_QUEUE)).queueUrl());
		sqs.createQueue((request) -> request.queueName(QUEUE)
			.attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, """
					{"deadLetterTargetArn":"%s","maxReceiveCount":%d}""".formatted(deadLetterQueueArn,
					MAX_RECEIVE_COUNT))));
		String fifoDeadLetterQueueArn = arnOf(sqs
			.createQueue((request) -> request.queueName(FIFO_DEAD_LETTER_QUEUE)
				.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
			.queueUrl());
		sqs.createQueue((request) -> request.queueName(FIFO_QUEUE)
			.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.REDRIVE_POLICY, """
					{"deadLetterTargetArn":"%s","maxReceiveCount":%d}""".formatted(fifoDeadLetterQueueArn,
					MAX_RECEIVE_COUNT))));
		sqs.createQueue((request) -> request.queueName(ORDERED_QUEUE)
			.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
		String busyPoolDeadLetterQueueArn = arnOf(
				sqs.createQueue((request) -> request.queueName(BUSY_POOL_DEAD_LETTER_QUEUE)).queueUrl());
		sqs.createQueue((request) -> request.queueName(BUSY_POOL_QUEUE)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
					String.valueOf(BUSY_POOL_QUEUE_VISIBILITY_TIMEOUT), QueueAttributeName.REDRIVE_POLICY, """
							{"deadLetterTargetArn":"%s","maxReceiveCount":%d}""".formatted(busyPoolDeadLetterQueueArn,
							MAX_RECEIVE_COUNT))));
		String slowDeadLetterQueueArn = arnOf(
				sqs.createQueue((request) -> request.queueName(SLOW_DEAD_LETTER_QUEUE)).queueUrl());
		sqs.createQueue((request) -> request.queueName(SLOW_QUEUE)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1", QueueAttributeName.REDRIVE_POLICY, """
					{"deadLetterTargetArn":"%s","maxReceiveCount":%d}""".formatted(slowDeadLetterQueueArn,
					MAX_RECEIVE_COUNT))));
		sqs.createQueue((request) -> request.queueName(CAPPED_QUEUE)
			.attributes(
					Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(CAPPED_QUEUE_VISIBILITY_TIMEOUT))));
	}

	private static void subscribe(String topic, Map<String, String> topicAttributes, String tap,
			Map<QueueAttributeName, String> tapAttributes) {
		String tapArn = arnOf(
				CLIENTS.sqs().createQueue((request) -> request.queueName(tap).attributes(tapAttributes)).queueUrl());
		String topicArn = CLIENTS.sns()
			.createTopic((request) -> request.name(topic).attributes(topicAttributes))
			.topicArn();
		boolean subscribed = CLIENTS.sns()
			.listSubscriptionsByTopicPaginator((request) -> request.topicArn(topicArn))
			.subscriptions()
			.stream()
			.anyMatch((subscription) -> tapArn.equals(subscription.endpoint()));
		if (!subscribed) {
			CLIENTS.sns()
				.subscribe((request) -> request.topicArn(topicArn)
					.protocol("sqs")
					.endpoint(tapArn)
					.attributes(Map.of("RawMessageDelivery", "true")));
		}
	}

	private static String arnOf(String queueUrl) {
		return CLIENTS.sqs()
			.getQueueAttributes((request) -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

}
