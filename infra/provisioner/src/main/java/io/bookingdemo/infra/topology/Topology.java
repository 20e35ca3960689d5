package io.bookingdemo.infra.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SNS/SQS topology of the booking system, as declared in {@code infra/topology.json}.
 *
 * @param queueDefaults the attributes every queue and dead-letter queue gets
 * @param topics the SNS topics
 * @param queues the SQS queues, each with the subscriptions that feed it
 */
public record Topology(QueueDefaults queueDefaults, List<Topic> topics, List<Queue> queues) {

	private static final String RESOURCE = "/topology.json";

	public Topology {
		topics = List.copyOf(topics);
		queues = List.copyOf(queues);
		Set<String> topicNames = topics.stream().map(Topic::name).collect(Collectors.toSet());
		for (Queue queue : queues) {
			for (Subscription subscription : queue.subscriptions()) {
				if (!topicNames.contains(subscription.topic())) {
					throw new IllegalArgumentException("Queue '%s' subscribes to undeclared topic '%s'"
						.formatted(queue.name(), subscription.topic()));
				}
			}
		}
	}

	/**
	 * Reads the topology that ships inside the provisioner jar.
	 * @return the declared topology
	 */
	public static Topology declared() {
		try (InputStream in = Topology.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(RESOURCE + " is not on the classpath");
			}
			return mapper().readValue(in, Topology.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads a topology file.
	 * @param file the JSON file
	 * @return the topology it declares
	 */
	public static Topology read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return mapper().readValue(in, Topology.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonMapper mapper() {
		return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * Attributes shared by every queue.
	 *
	 * @param visibilityTimeoutSeconds how long a received message stays invisible
	 * @param receiveMessageWaitTimeSeconds the long-polling wait
	 * @param messageRetentionSeconds how long a queue keeps a message
	 * @param deadLetterQueueRetentionSeconds how long a dead-letter queue keeps a message
	 * @param maxReceiveCount receives after which a message moves to the dead-letter
	 * queue
	 * @param sqsManagedSseEnabled whether SQS-managed server-side encryption is on
	 */
	public record QueueDefaults(int visibilityTimeoutSeconds, int receiveMessageWaitTimeSeconds,
			int messageRetentionSeconds, int deadLetterQueueRetentionSeconds, int maxReceiveCount,
			boolean sqsManagedSseEnabled) {
	}

	/**
	 * An SNS topic and the service that publishes to it.
	 *
	 * @param name the topic name
	 * @param publisher the owning service
	 */
	public record Topic(String name, String publisher) {
	}

	/**
	 * An SQS queue owned by one consuming service; its dead-letter queue is implied.
	 *
	 * @param name the queue name
	 * @param consumer the service that reads it
	 * @param subscriptions the topics that feed it
	 */
	public record Queue(String name, String consumer, List<Subscription> subscriptions) {

		public Queue {
			subscriptions = List.copyOf(subscriptions);
		}

		/**
		 * The name of this queue's dead-letter queue.
		 * @return {@code <name>-dlq}
		 */
		public String deadLetterQueueName() {
			return this.name + "-dlq";
		}

	}

	/**
	 * A raw-delivery subscription of a queue to a topic, filtered on the
	 * {@code eventType} message attribute.
	 *
	 * @param topic the topic name
	 * @param eventTypes the event types that pass the filter policy
	 */
	public record Subscription(String topic, List<String> eventTypes) {

		public Subscription {
			eventTypes = List.copyOf(eventTypes);
			if (eventTypes.isEmpty()) {
				throw new IllegalArgumentException("Subscription to '" + topic + "' lets no event type through");
			}
		}

	}

}
