package io.bookingdemo.infra.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.infra.topology.Topology.Queue;
import io.bookingdemo.infra.topology.Topology.QueueDefaults;
import io.bookingdemo.infra.topology.Topology.Topic;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Applies a {@link Topology} to an SNS/SQS endpoint: creates what is missing, checks what
 * exists and refuses to touch a resource whose attributes conflict with the declaration.
 * It is idempotent, and it is the only place where topics, queues and subscriptions are
 * created.
 */
public final class Provisioner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SnsClient sns;

	private final SqsClient sqs;

	private final List<String> log = new ArrayList<>();

	public Provisioner(SnsClient sns, SqsClient sqs) {
		this.sns = sns;
		this.sqs = sqs;
	}

	/**
	 * Makes the endpoint match the topology.
	 * @param topology the declared topology
	 * @return the resulting resource identifiers
	 * @throws TopologyConflictException if an existing resource has an attribute that
	 * differs from the declaration
	 */
	public ProvisionedTopology apply(Topology topology) {
		Map<String, String> topicArns = new LinkedHashMap<>();
		for (Topic topic : topology.topics()) {
			topicArns.put(topic.name(), ensureTopic(topic.name(), topology.fifo()));
		}
		Map<String, String> queueUrls = new LinkedHashMap<>();
		for (Queue queue : topology.queues()) {
			refuseDeadLetterQueueOfAnotherKind(queue.name());
			String dlqUrl = ensureQueue(queue.deadLetterQueueName(),
					deadLetterAttributes(queue.deadLetterQueueName(), topology));
			String dlqArn = queueArn(dlqUrl);
			String url = ensureQueue(queue.name(), queueAttributes(queue.name(), topology, dlqArn));
			String arn = queueArn(url);
			List<String> sourceTopicArns = queue.subscriptions()
				.stream()
				.map((subscription) -> topicArns.get(subscription.topic()))
				.distinct()
				.toList();
			ensureQueueAttribute(queue.name(), url, QueueAttributeName.POLICY, sendPolicy(arn, sourceTopicArns));
			for (Topology.Subscription subscription : queue.subscriptions()) {
				ensureSubscription(topicArns.get(subscription.topic()), queue.name(), arn, subscription);
			}
			queueUrls.put(queue.name(), url);
			queueUrls.put(queue.deadLetterQueueName(), dlqUrl);
		}
		return new ProvisionedTopology(topicArns, queueUrls, List.copyOf(this.log));
	}

	private String ensureTopic(String name, Topology.Fifo fifo) {
		Optional<String> existing = findTopicArn(name);
		if (existing.isPresent()) {
			this.log.add("topic " + name + ": exists");
			return existing.get();
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		if (Topology.isFifo(name)) {
			attributes.put("FifoTopic", "true");
			attributes.put("ContentBasedDeduplication", String.valueOf(fifo.contentBasedDeduplication()));
		}
		String arn = this.sns.createTopic((request) -> request.name(name).attributes(attributes)).topicArn();
		this.log.add("topic " + name + ": created");
		return arn;
	}

	private Optional<String> findTopicArn(String name) {
		return this.sns.listTopicsPaginator(ListTopicsRequest.builder().build())
			.topics()
			.stream()
			.map((topic) -> topic.topicArn())
			.filter((arn) -> arn.endsWith(":" + name))
			.findFirst();
	}

	private String ensureQueue(String name, Map<QueueAttributeName, String> desired) {
		Optional<String> existing = findQueueUrl(name);
		if (existing.isEmpty()) {
			String url = this.sqs.createQueue((request) -> request.queueName(name).attributes(desired)).queueUrl();
			this.log.add("queue " + name + ": created");
			return url;
		}
		String url = existing.get();
		Map<QueueAttributeName, String> actual = this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(desired.keySet()))
			.attributes();
		desired.forEach((attribute, value) -> {
			if (!sameAttribute(attribute, value, actual.get(attribute))) {
				throw conflict("queue " + name, attribute.toString(), value, actual.get(attribute));
			}
		});
		this.log.add("queue " + name + ": exists, attributes match");
		return url;
	}

	/**
	 * SQS requires a FIFO queue's dead-letter queue to be FIFO too, and a standard
	 * queue's to be standard; a queue that exists with a redrive policy to the other kind
	 * was made by hand or by another topology, and is refused rather than left half
	 * working.
	 */
	private void refuseDeadLetterQueueOfAnotherKind(String name) {
		Optional<String> url = findQueueUrl(name);
		if (url.isEmpty()) {
			return;
		}
		String redrivePolicy = this.sqs
			.getQueueAttributes(
					(request) -> request.queueUrl(url.get()).attributeNames(QueueAttributeName.REDRIVE_POLICY))
			.attributes()
			.get(QueueAttributeName.REDRIVE_POLICY);
		if (redrivePolicy == null || redrivePolicy.isBlank()) {
			return;
		}
		String target = JSON.readTree(redrivePolicy).path("deadLetterTargetArn").asString("");
		if (Topology.isFifo(name) != Topology.isFifo(target)) {
			String deadLetterQueue = target.substring(target.lastIndexOf(':') + 1);
			throw new TopologyConflictException(("queue %s is %s but its dead-letter queue %s is %s; SQS requires "
					+ "both to be of one kind, and the provisioner does not overwrite it")
				.formatted(name, kind(name), deadLetterQueue, kind(deadLetterQueue)));
		}
	}

	private static String kind(String name) {
		return Topology.isFifo(name) ? "FIFO" : "standard";
	}

	private Optional<String> findQueueUrl(String name) {
		try {
			return Optional.of(this.sqs.getQueueUrl((request) -> request.queueName(name)).queueUrl());
		}
		catch (QueueDoesNotExistException ex) {
			return Optional.empty();
		}
	}

	private void ensureQueueAttribute(String name, String url, QueueAttributeName attribute, String desired) {
		String actual = this.sqs.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(attribute))
			.attributes()
			.get(attribute);
		if (actual == null || actual.isBlank()) {
			this.sqs.setQueueAttributes((request) -> request.queueUrl(url).attributes(Map.of(attribute, desired)));
			this.log.add("queue " + name + ": " + attribute + " set");
		}
		else if (!sameAttribute(attribute, desired, actual)) {
			throw conflict("queue " + name, attribute.toString(), desired, actual);
		}
	}

	private String queueArn(String url) {
		return this.sqs
			.getQueueAttributes((request) -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
	}

	private void ensureSubscription(String topicArn, String queueName, String queueArn,
			Topology.Subscription subscription) {
		Map<String, String> desired = new LinkedHashMap<>();
		desired.put("RawMessageDelivery", "true");
		desired.put("FilterPolicyScope", "MessageAttributes");
		desired.put("FilterPolicy", filterPolicy(subscription));
		Optional<Subscription> existing = this.sns
			.listSubscriptionsByTopicPaginator(ListSubscriptionsByTopicRequest.builder().topicArn(topicArn).build())
			.subscriptions()
			.stream()
			.filter((candidate) -> "sqs".equals(candidate.protocol()) && queueArn.equals(candidate.endpoint()))
			.findFirst();
		String what = "subscription " + subscription.topic() + " -> " + queueName;
		if (existing.isEmpty()) {
			this.sns.subscribe((request) -> request.topicArn(topicArn)
				.protocol("sqs")
				.endpoint(queueArn)
				.attributes(desired)
				.returnSubscriptionArn(true));
			this.log.add(what + ": created");
			return;
		}
		Map<String, String> actual = this.sns
			.getSubscriptionAttributes((request) -> request.subscriptionArn(existing.get().subscriptionArn()))
			.attributes();
		desired.forEach((attribute, value) -> {
			String current = actual.get(attribute);
			boolean defaultScope = attribute.equals("FilterPolicyScope") && current == null;
			if (!defaultScope && !sameJsonOrText(value, current)) {
				throw conflict(what, attribute, value, current);
			}
		});
		this.log.add(what + ": exists, attributes match");
	}

	private static Map<QueueAttributeName, String> deadLetterAttributes(String name, Topology topology) {
		QueueDefaults defaults = topology.queueDefaults();
		Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
		if (Topology.isFifo(name)) {
			Topology.Fifo fifo = topology.fifo();
			attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
			attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
					String.valueOf(fifo.contentBasedDeduplication()));
			attributes.put(QueueAttributeName.DEDUPLICATION_SCOPE, fifo.deduplicationScope());
			attributes.put(QueueAttributeName.FIFO_THROUGHPUT_LIMIT, fifo.fifoThroughputLimit());
		}
		attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(defaults.visibilityTimeoutSeconds()));
		attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
				String.valueOf(defaults.receiveMessageWaitTimeSeconds()));
		attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
				String.valueOf(defaults.deadLetterQueueRetentionSeconds()));
		attributes.put(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, String.valueOf(defaults.sqsManagedSseEnabled()));
		return attributes;
	}

	private static Map<QueueAttributeName, String> queueAttributes(String name, Topology topology,
			String deadLetterArn) {
		QueueDefaults defaults = topology.queueDefaults();
		Map<QueueAttributeName, String> attributes = deadLetterAttributes(name, topology);
		attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(defaults.messageRetentionSeconds()));
		ObjectNode redrive = JSON.createObjectNode();
		redrive.put("deadLetterTargetArn", deadLetterArn);
		redrive.put("maxReceiveCount", defaults.maxReceiveCount());
		attributes.put(QueueAttributeName.REDRIVE_POLICY, JSON.writeValueAsString(redrive));
		return attributes;
	}

	private static String sendPolicy(String queueArn, List<String> topicArns) {
		ObjectNode policy = JSON.createObjectNode();
		policy.put("Version", "2012-10-17");
		ObjectNode statement = policy.putArray("Statement").addObject();
		statement.put("Sid", "AllowSubscribedTopicsToSend");
		statement.put("Effect", "Allow");
		statement.putObject("Principal").put("Service", "sns.amazonaws.com");
		statement.put("Action", "sqs:SendMessage");
		statement.put("Resource", queueArn);
		ArrayNode sources = statement.putObject("Condition").putObject("ArnEquals").putArray("aws:SourceArn");
		topicArns.forEach(sources::add);
		return JSON.writeValueAsString(policy);
	}

	private static String filterPolicy(Topology.Subscription subscription) {
		ObjectNode policy = JSON.createObjectNode();
		ArrayNode eventTypes = policy.putArray("eventType");
		subscription.eventTypes().forEach(eventTypes::add);
		return JSON.writeValueAsString(policy);
	}

	private static boolean sameAttribute(QueueAttributeName attribute, String desired, String actual) {
		if (attribute == QueueAttributeName.REDRIVE_POLICY || attribute == QueueAttributeName.POLICY) {
			return sameJsonOrText(desired, actual);
		}
		return Objects.equals(desired, actual);
	}

	/**
	 * Compares two attribute values as JSON when both parse, ignoring formatting, key
	 * order and whether numbers are quoted, as services reformat what they store.
	 */
	private static boolean sameJsonOrText(String desired, String actual) {
		if (Objects.equals(desired, actual)) {
			return true;
		}
		if (actual == null) {
			return false;
		}
		try {
			return normalized(JSON.readTree(desired)).equals(normalized(JSON.readTree(actual)));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static JsonNode normalized(JsonNode node) {
		if (node.isObject()) {
			ObjectNode copy = JSON.createObjectNode();
			node.properties().forEach((entry) -> copy.set(entry.getKey(), normalized(entry.getValue())));
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = JSON.createArrayNode();
			node.forEach((element) -> copy.add(normalized(element)));
			return copy;
		}
		return JSON.getNodeFactory().textNode(node.asString());
	}

	private static TopologyConflictException conflict(String resource, String attribute, String desired,
			String actual) {
		return new TopologyConflictException(("%s has %s = %s but the topology declares %s; "
				+ "change the resource or the declaration, the provisioner does not overwrite it")
			.formatted(resource, attribute, actual, desired));
	}

	/**
	 * Applies the topology to the endpoint named on the command line.
	 * @param args
	 * {@code [--endpoint URL] [--region REGION] [--topology FILE] [--mode standard|fifo]
	 * [--environment-dir DIR]}; the mode defaults to {@code MESSAGING_MODE}, else
	 * {@code standard}; with a directory, each service's queue and topic names in that
	 * mode go to {@code DIR/SERVICE.env}, to start the service with
	 */
	public static void main(String[] args) {
		CommandLine commandLine = CommandLine.parse(args);
		Topology topology = commandLine.topologyFile()
			.map(Topology::read)
			.orElseGet(Topology::declared)
			.inMode(commandLine.mode());
		try (AwsClients clients = AwsClients.create(commandLine.endpoint(), commandLine.region())) {
			ProvisionedTopology result = new Provisioner(clients.sns(), clients.sqs()).apply(topology);
			result.log().forEach(System.out::println);
			commandLine.environmentDirectory().ifPresent((directory) -> writeEnvironments(topology, directory));
			System.out.println("topology applied (" + commandLine.mode().name().toLowerCase(Locale.ROOT) + "): "
					+ result.topicArns().size() + " topics, " + result.queueUrls().size() + " queues");
		}
		catch (TopologyConflictException ex) {
			System.err.println("topology conflict: " + ex.getMessage());
			System.exit(2);
		}
	}

	/**
	 * Writes each service's names in the topology's mode as {@code NAME=value} lines, one
	 * file per service.
	 * @param topology the topology, in its mode
	 * @param directory where the files go
	 */
	static void writeEnvironments(Topology topology, Path directory) {
		try {
			Files.createDirectories(directory);
			for (String service : topology.services()) {
				StringBuilder lines = new StringBuilder();
				topology.environmentOf(service)
					.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
				Files.writeString(directory.resolve(service + ".env"), lines);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record CommandLine(Optional<URI> endpoint, String region, Optional<Path> topologyFile, Topology.Mode mode,
			Optional<Path> environmentDirectory) {

		private static final String USAGE = "usage: [--endpoint URL] [--region REGION] [--topology FILE] "
				+ "[--mode standard|fifo] [--environment-dir DIR]";

		static CommandLine parse(String[] args) {
			Optional<URI> endpoint = Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create);
			String region = Objects.requireNonNullElse(System.getenv("AWS_REGION"), "us-east-1");
			Optional<Path> topology = Optional.empty();
			Optional<Path> environmentDirectory = Optional.empty();
			Topology.Mode mode = Topology.Mode
				.of(Objects.requireNonNullElse(System.getenv("MESSAGING_MODE"), "standard"));
			for (int i = 0; i < args.length; i++) {
				String value = (i + 1 < args.length) ? args[i + 1] : null;
				switch (args[i]) {
					case "--endpoint" -> endpoint = Optional.of(URI.create(required(args[i], value)));
					case "--region" -> region = required(args[i], value);
					case "--topology" -> topology = Optional.of(Path.of(required(args[i], value)));
					case "--mode" -> mode = Topology.Mode.of(required(args[i], value));
					case "--environment-dir" -> environmentDirectory = Optional.of(Path.of(required(args[i], value)));
					default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; " + USAGE);
				}
				i++;
			}
			return new CommandLine(endpoint, region, topology, mode, environmentDirectory);
		}

		private static String required(String option, String value) {
			if (value == null) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return value;
		}

	}

}
