package io.bookingdemo.testsupport;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bookingdemo.infra.topology.ProvisionedTopology;
import io.bookingdemo.infra.topology.Topology;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Direct access to the provisioned queues by name, for tests that deliver messages the
 * way an SNS raw-delivery subscription would and then look at what is left.
 */
public final class Queues {

	private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");

	private final SqsClient sqs;

	private final ProvisionedTopology topology;

	Queues(SqsClient sqs, ProvisionedTopology topology) {
		this.sqs = sqs;
		this.topology = topology;
	}

	/**
	 * The receives after which the queue's redrive policy moves a message to its
	 * dead-letter queue.
	 * @param queue the queue name
	 * @return the {@code maxReceiveCount} of its redrive policy
	 */
	public int maxReceiveCount(String queue) {
		String policy = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.topology.queueUrl(queue))
				.attributeNames(QueueAttributeName.REDRIVE_POLICY))
			.attributes()
			.get(QueueAttributeName.REDRIVE_POLICY);
		Matcher count = MAX_RECEIVE_COUNT.matcher(String.valueOf(policy));
		if (!count.find()) {
			throw new IllegalStateException(queue + " has no redrive policy: " + policy);
		}
		return Integer.parseInt(count.group(1));
	}

	/**
	 * Sends a message with the attributes every event carries.
	 * @param queue the queue name
	 * @param body the message body
	 * @param eventType the {@code eventType} attribute
	 * @param eventId the {@code eventId} attribute
	 */
	public void send(String queue, String body, String eventType, String eventId) {
		send(queue, body, eventType, eventId, eventId);
	}

	/**
	 * Sends a message with the attributes every event carries, in a message group when
	 * the queue is FIFO, deduplicated by the event id.
	 * @param queue the queue name
	 * @param body the message body
	 * @param eventType the {@code eventType} attribute
	 * @param eventId the {@code eventId} attribute and, on a FIFO queue, the
	 * deduplication id
	 * @param group the message group on a FIFO queue
	 */
	public void send(String queue, String body, String eventType, String eventId, String group) {
		Map<String, MessageAttributeValue> attributes = Map.of("eventType", attribute(eventType), "eventVersion",
				attribute("1"), "eventId", attribute(eventId));
		this.sqs.sendMessage((request) -> {
			request.queueUrl(this.topology.queueUrl(queue)).messageBody(body).messageAttributes(attributes);
			if (Topology.isFifo(queue)) {
				request.messageGroupId(group).messageDeduplicationId(eventId);
			}
		});
	}

	/**
	 * Receives up to ten messages, waiting at most a second, and deletes them.
	 * @param queue the queue name
	 * @return the messages received, with their attributes
	 */
	public List<Message> receiveAndDelete(String queue) {
		String url = this.topology.queueUrl(queue);
		List<Message> messages = this.sqs
			.receiveMessage((request) -> request.queueUrl(url)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(1)
				.messageAttributeNames("All"))
			.messages();
		messages.forEach((message) -> this.sqs
			.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle())));
		return messages;
	}

	/**
	 * Whether a queue holds no message, visible or in flight.
	 * @param queue the queue name
	 * @return {@code true} if every message was consumed
	 */
	public boolean isDrained(String queue) {
		Map<QueueAttributeName, String> attributes = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(this.topology.queueUrl(queue))
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private static MessageAttributeValue attribute(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

}
