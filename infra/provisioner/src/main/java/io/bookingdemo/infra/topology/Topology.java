package io.bookingdemo.infra.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SNS/SQS topology of the booking system, as declared in {@code infra/topology.json}:
 * one declaration for both messaging modes. The declared names are the standard topology;
 * {@link #inMode(Mode)} derives the FIFO one, in which every topic and queue name ends in
 * {@code .fifo} and gets the {@code fifo} settings.
 *
 * @param queueDefaults the attributes every queue and dead-letter queue gets
 * @param fifo the attributes FIFO topics and queues get in addition
 * @param topics the SNS topics
 * @param queues the SQS queues, each with the subscriptions that feed it
 */
public record Topology(QueueDefaults queueDefaults, Fifo fifo, List<Topic> topics, List<Queue> queues) {

	private static final String RESOURCE = "/topology.json";

	/** The suffix SNS and SQS require of the name of a FIFO topic or queue. */
	public static final String FIFO_SUFFIX = ".fifo";

	public Topology {
		Objects.requireNonNull(fifo, "the topology declares no fifo settings");
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

	/**
	 * The topology of a messaging mode.
	 * @param mode the mode
	 * @return this topology for {@link Mode#STANDARD}, its FIFO twin for
	 * {@link Mode#FIFO}
	 */
	public Topology inMode(Mode mode) {
		if (mode == Mode.STANDARD) {
			return this;
		}
		return new Topology(this.queueDefaults, this.fifo,
				this.topics.stream().map((topic) -> new Topic(fifoName(topic.name()), topic.publisher())).toList(),
				this.queues.stream()
					.map((queue) -> new Queue(fifoName(queue.name()), queue.consumer(),
							queue.subscriptions()
								.stream()
								.map((subscription) -> new Subscription(fifoName(subscription.topic()),
										subscription.eventTypes()))
								.toList()))
					.toList());
	}

	/**
	 * The names a service is given in this topology, as the environment variables that
	 * set its {@code messaging.queue} and {@code messaging.topic}: the queue it consumes
	 * and the topic it publishes to, where it has them.
	 * @param service the service, as the topology names its consumers and publishers
	 * @return {@code MESSAGING_QUEUE} and {@code MESSAGING_TOPIC}, those that apply
	 */
	public Map<String, String> environmentOf(String service) {
		Map<String, String> environment = new LinkedHashMap<>();
		this.queues.stream()
			.filter((queue) -> queue.consumer().equals(service))
			.forEach((queue) -> environment.put("MESSAGING_QUEUE", queue.name()));
		this.topics.stream()
			.filter((topic) -> topic.publisher().equals(service))
			.forEach((topic) -> environment.put("MESSAGING_TOPIC", topic.name()));
		return environment;
	}

	/**
	 * The services the topology names as consumers or publishers.
	 * @return their names, each once
	 */
	public Set<String> services() {
		Set<String> services = new LinkedHashSet<>();
		this.queues.forEach((queue) -> services.add(queue.consumer()));
		this.topics.forEach((topic) -> services.add(topic.publisher()));
		return services;
	}

	/**
	 * Whether a topic or queue name is that of a FIFO one.
	 * @param name the name
	 * @return whether it ends in {@value #FIFO_SUFFIX}
	 */
	public static boolean isFifo(String name) {
		return name.endsWith(FIFO_SUFFIX);
	}

	private static String fifoName(String name) {
		return isFifo(name) ? name : name + FIFO_SUFFIX;
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
	 * Attributes FIFO topics and queues get on top of the others.
	 *
	 * @param contentBasedDeduplication whether SNS and SQS derive a deduplication id from
	 * the body when the publisher gives none (the relays always give the event id)
	 * @param deduplicationScope {@code queue} or {@code messageGroup}
	 * @param fifoThroughputLimit {@code perQueue}, or {@code perMessageGroupId} for high
	 * throughput mode
	 */
	public record Fifo(boolean contentBasedDeduplication, String deduplicationScope, String fifoThroughputLimit) {
	}

	/**
	 * The messaging mode a deployment runs in.
	 */
	public enum Mode {

		/** Standard topics and queues. */
		STANDARD,

		/** FIFO topics and queues, with FIFO dead-letter queues. */
		FIFO;

		/**
		 * Reads a mode's name.
		 * @param name {@code standard} or {@code fifo}, in any case
		 * @return the mode
		 */
		public static Mode of(String name) {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}

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
		 * The name of this queue's dead-letter queue, of the queue's kind.
		 * @return {@code <name>-dlq}, or {@code <base>-dlq.fifo} for a FIFO queue
		 */
		public String deadLetterQueueName() {
			if (isFifo(this.name)) {
				return this.name.substring(0, this.name.length() - FIFO_SUFFIX.length()) + "-dlq" + FIFO_SUFFIX;
			}
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
