package io.bookingdemo.infra.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.testsupport.MessagingEmulator;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ProvisionerIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static MessagingEmulator emulator;

	private static AwsClients clients;

	private static ProvisionedTopology provisioned;

	private static ProvisionedTopology provisionedFifo;

	private final Topology topology = Topology.declared();

	@BeforeAll
	static void provision() {
		emulator = MessagingEmulator.start();
		clients = AwsClients.create(Optional.of(emulator.endpoint()), emulator.region());
		provisioned = new Provisioner(clients.sns(), clients.sqs()).apply(Topology.declared());
		provisionedFifo = new Provisioner(clients.sns(), clients.sqs())
			.apply(Topology.declared().inMode(Topology.Mode.FIFO));
	}

	@AfterAll
	static void stop() {
		clients.close();
		emulator.close();
	}

	@Test
	void createsEveryQueueWithItsDeclaredAttributesAndDeadLetterQueue() {
		for (Topology.Queue queue : this.topology.queues()) {
			Map<QueueAttributeName, String> attributes = attributes(queue.name());
			assertThat(attributes).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30")
				.containsEntry(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "20")
				.containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600")
				.containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true");
			JsonNode redrive = JSON.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
			assertThat(redrive.get("deadLetterTargetArn").asString())
				.isEqualTo(attributes(queue.deadLetterQueueName()).get(QueueAttributeName.QUEUE_ARN));
			assertThat(redrive.get("maxReceiveCount").asString()).isEqualTo("5");
			JsonNode statement = JSON.readTree(attributes.get(QueueAttributeName.POLICY)).get("Statement").get(0);
			assertThat(statement.get("Resource").asString()).isEqualTo(attributes.get(QueueAttributeName.QUEUE_ARN));
			List<String> sourceArns = new ArrayList<>();
			statement.at("/Condition/ArnEquals/aws:SourceArn").forEach((arn) -> sourceArns.add(arn.asString()));
			assertThat(sourceArns).as("topics allowed to send to %s", queue.name())
				.containsExactlyInAnyOrderElementsOf(queue.subscriptions()
					.stream()
					.map((subscription) -> provisioned.topicArns().get(subscription.topic()))
					.toList());
			assertThat(attributes(queue.deadLetterQueueName()))
				.containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")
				.containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true");
		}
	}

	@Test
	void applyingTwiceChangesNothing() {
		ProvisionedTopology again = new Provisioner(clients.sns(), clients.sqs()).apply(this.topology);

		assertThat(again.topicArns()).isEqualTo(provisioned.topicArns());
		assertThat(again.queueUrls()).isEqualTo(provisioned.queueUrls());
		assertThat(again.log()).noneMatch((line) -> line.endsWith("created"));
		for (Topology.Queue queue : this.topology.queues()) {
			for (Topology.Subscription subscription : queue.subscriptions()) {
				assertThat(clients.sns()
					.listSubscriptionsByTopic(
							(request) -> request.topicArn(provisioned.topicArns().get(subscription.topic())))
					.subscriptions())
					.as("%s on %s", queue.name(), subscription.topic())
					.filteredOn((existing) -> existing.endpoint()
						.equals(attributes(queue.name()).get(QueueAttributeName.QUEUE_ARN)))
					.hasSize(1);
			}
		}
	}

	@Test
	void refusesAnExistingQueueWhoseAttributesConflict() {
		String name = "conflict-check-" + UUID.randomUUID();
		Topology.Queue queue = new Topology.Queue(name, "test",
				List.of(new Topology.Subscription("booking-events", List.of("BookingCreated"))));
		Topology topology = new Topology(this.topology.queueDefaults(), this.topology.fifo(), this.topology.topics(),
				List.of(queue));
		new Provisioner(clients.sns(), clients.sqs()).apply(topology);
		String url = clients.sqs().getQueueUrl((request) -> request.queueName(name)).queueUrl();
		clients.sqs()
			.setQueueAttributes(
					(request) -> request.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "45")));

		assertThatExceptionOfType(TopologyConflictException.class)
			.isThrownBy(() -> new Provisioner(clients.sns(), clients.sqs()).apply(topology))
			.withMessageContaining("queue " + name)
			.withMessageContaining("VisibilityTimeout = 45")
			.withMessageContaining("declares 30");
	}

	@Test
	void deliversEachEventTypeOnlyToTheQueuesWhoseFilterLetsItThrough() {
		Map<String, String> published = new LinkedHashMap<>();
		for (Topology.Topic topic : this.topology.topics()) {
			for (String eventType : eventTypesOf(topic.name())) {
				published.put(eventType, publish(topic.name(), eventType));
			}
			publish(topic.name(), "SomethingElse");
		}

		for (Topology.Queue queue : this.topology.queues()) {
			List<String> expected = queue.subscriptions()
				.stream()
				.flatMap((subscription) -> subscription.eventTypes().stream())
				.map(published::get)
				.toList();
			assertThat(drain(queue.name(), expected.size())).as(queue.name())
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Test
	void movesAMessageToTheDeadLetterQueueAfterFiveReceives() {
		Topology.Queue queue = this.topology.queues().get(0);
		String url = provisioned.queueUrl(queue.name());
		String body = "poison-" + UUID.randomUUID();
		clients.sqs().sendMessage((request) -> request.queueUrl(url).messageBody(body));

		for (int receive = 1; receive <= 5; receive++) {
			int expectedCount = receive;
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				List<Message> messages = clients.sqs()
					.receiveMessage((request) -> request.queueUrl(url)
						.visibilityTimeout(0)
						.waitTimeSeconds(1)
						.messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
					.messages();
				assertThat(messages).singleElement().satisfies((message) -> {
					assertThat(message.body()).isEqualTo(body);
					assertThat(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
						.isEqualTo(String.valueOf(expectedCount));
				});
			});
		}

		assertThat(clients.sqs().receiveMessage((request) -> request.queueUrl(url).waitTimeSeconds(1)).messages())
			.as("the sixth receive finds the message moved")
			.isEmpty();
		assertThat(drain(queue.deadLetterQueueName(), 1)).containsExactly(body);
	}

	@Test
	void createsTheFifoTopologyFromTheSameDeclaration() {
		Topology fifo = this.topology.inMode(Topology.Mode.FIFO);
		assertThat(provisionedFifo.topicArns()).containsOnlyKeys("booking-events.fifo", "payment-events.fifo");
		provisionedFifo.topicArns()
			.values()
			.forEach((arn) -> assertThat(
					clients.sns().getTopicAttributes((request) -> request.topicArn(arn)).attributes())
				.as(arn)
				.containsEntry("FifoTopic", "true"));
		assertThat(fifo.queues()).extracting(Topology.Queue::name)
			.containsExactlyElementsOf(this.topology.queues().stream().map((queue) -> queue.name() + ".fifo").toList());
		for (Topology.Queue queue : fifo.queues()) {
			assertThat(queue.deadLetterQueueName()).endsWith("-dlq.fifo");
			Map<QueueAttributeName, String> attributes = fifoAttributes(queue.name());
			assertThat(attributes).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
				.containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false")
				.containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30")
				.containsEntry(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true");
			assertThat(JSON.readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY))
				.get("deadLetterTargetArn")
				.asString()).isEqualTo(fifoAttributes(queue.deadLetterQueueName()).get(QueueAttributeName.QUEUE_ARN));
			assertThat(fifoAttributes(queue.deadLetterQueueName())).containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
				.containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600");
		}
		assertThat(new Provisioner(clients.sns(), clients.sqs()).apply(fifo).log()).as("applied again")
			.noneMatch((line) -> line.endsWith("created"));
	}

	@Test
	void refusesAFifoQueueWithAStandardDeadLetterQueue() {
		String name = "fifo-check-" + UUID.randomUUID().toString().substring(0, 8);
		String standardDlqUrl = clients.sqs().createQueue((request) -> request.queueName(name + "-dlq")).queueUrl();
		String standardDlqArn = clients.sqs()
			.getQueueAttributes(
					(request) -> request.queueUrl(standardDlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		clients.sqs()
			.createQueue((request) -> request.queueName(name + ".fifo")
				.attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.REDRIVE_POLICY,
						"{\"deadLetterTargetArn\":\"" + standardDlqArn + "\",\"maxReceiveCount\":5}")));
		Topology.Queue queue = new Topology.Queue(name, "test",
				List.of(new Topology.Subscription("booking-events", List.of("BookingCreated"))));
		Topology topology = new Topology(this.topology.queueDefaults(), this.topology.fifo(), this.topology.topics(),
				List.of(queue))
			.inMode(Topology.Mode.FIFO);

		assertThatExceptionOfType(TopologyConflictException.class)
			.isThrownBy(() -> new Provisioner(clients.sns(), clients.sqs()).apply(topology))
			.withMessageContaining("queue " + name + ".fifo is FIFO")
			.withMessageContaining(name + "-dlq is standard");
		assertThat(clients.sqs().listQueues((request) -> request.queueNamePrefix(name)).queueUrls())
			.as("no FIFO dead-letter queue was created beside it")
			.noneMatch((url) -> url.endsWith(name + "-dlq.fifo"));
	}

	@Test
	void deliversAFifoPublishOnceForOneDeduplicationIdAndKeepsEachGroupInOrder() {
		String topicArn = provisionedFifo.topicArns().get("booking-events.fifo");
		String first = "booking-" + UUID.randomUUID();
		String second = "booking-" + UUID.randomUUID();
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			for (String group : List.of(first, second)) {
				String body = group + "/" + i;
				String deduplicationId = UUID.randomUUID().toString();
				for (int copy = 0; copy < 2; copy++) {
					clients.sns()
						.publish((request) -> request.topicArn(topicArn)
							.message(body)
							.messageGroupId(group)
							.messageDeduplicationId(deduplicationId)
							.messageAttributes(Map.of("eventType",
									MessageAttributeValue.builder()
										.dataType("String")
										.stringValue("BookingCreated")
										.build())));
				}
				sent.add(body);
			}
		}

		List<String> received = drainFifo("payment-service-booking-events.fifo", sent.size());
		assertThat(received).as("each body once").containsExactlyInAnyOrderElementsOf(sent);
		assertThat(received.stream().filter((body) -> body.startsWith(first)).toList()).containsExactly(first + "/0",
				first + "/1", first + "/2", first + "/3");
		assertThat(received.stream().filter((body) -> body.startsWith(second)).toList()).containsExactly(second + "/0",
				second + "/1", second + "/2", second + "/3");
	}

	@Test
	void holdsOnlyTheGroupOfAMessageThatFailsUntilItIsDeadLettered() {
		String url = provisionedFifo.queueUrl("ledger-service-events.fifo");
		String poisoned = "booking-" + UUID.randomUUID();
		String healthy = "booking-" + UUID.randomUUID();
		sendFifo(url, poisoned, "poison");
		sendFifo(url, poisoned, "after-poison");
		sendFifo(url, healthy, "healthy-1");
		sendFifo(url, healthy, "healthy-2");

		List<String> seen = new ArrayList<>();
		for (int receive = 1; receive <= 5; receive++) {
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				List<Message> messages = clients.sqs()
					.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
					.messages();
				boolean poisonSeen = false;
				for (Message message : messages) {
					seen.add(message.body());
					if (message.body().equals("poison")) {
						poisonSeen = true;
						// Fails: back to the queue at once, holding its group.
						clients.sqs()
							.changeMessageVisibility((request) -> request.queueUrl(url)
								.receiptHandle(message.receiptHandle())
								.visibilityTimeout(0));
					}
					else {
						clients.sqs()
							.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
					}
				}
				return poisonSeen;
			});
		}

		assertThat(seen).as("the healthy group flowed while the poisoned one was held")
			.contains("healthy-1", "healthy-2")
			.doesNotContain("after-poison");
		assertThat(drainFifo("ledger-service-events.fifo", 1)).as("released once the poison is dead-lettered")
			.containsExactly("after-poison");
		assertThat(drainFifo("ledger-service-events-dlq.fifo", 1)).containsExactly("poison");
	}

	private static void sendFifo(String url, String group, String body) {
		clients.sqs()
			.sendMessage((request) -> request.queueUrl(url)
				.messageBody(body)
				.messageGroupId(group)
				.messageDeduplicationId(UUID.randomUUID().toString()));
	}

	private List<String> drainFifo(String queueName, int expected) {
		String url = provisionedFifo.queueUrl(queueName);
		List<String> bodies = new ArrayList<>();
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Message> messages = clients.sqs()
				.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages();
			messages.forEach((message) -> {
				bodies.add(message.body());
				clients.sqs().deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
			});
			return messages.isEmpty() && bodies.size() >= expected;
		});
		return bodies;
	}

	private Map<QueueAttributeName, String> fifoAttributes(String queueName) {
		return clients.sqs()
			.getQueueAttributes((request) -> request.queueUrl(provisionedFifo.queueUrl(queueName))
				.attributeNames(QueueAttributeName.ALL))
			.attributes();
	}

	/**
	 * Every event type some queue subscribes to on the topic.
	 */
	private Set<String> eventTypesOf(String topic) {
		return this.topology.queues()
			.stream()
			.flatMap((queue) -> queue.subscriptions().stream())
			.filter((subscription) -> subscription.topic().equals(topic))
			.flatMap((subscription) -> subscription.eventTypes().stream())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private String publish(String topic, String eventType) {
		String body = "{\"eventType\":\"" + eventType + "\",\"eventId\":\"" + UUID.randomUUID() + "\"}";
		clients.sns()
			.publish((request) -> request.topicArn(provisioned.topicArns().get(topic))
				.message(body)
				.messageAttributes(Map.of("eventType",
						MessageAttributeValue.builder().dataType("String").stringValue(eventType).build())));
		return body;
	}

	/**
	 * Receives and deletes until the queue has been empty for one long poll after at
	 * least {@code expected} messages arrived.
	 */
	private List<String> drain(String queueName, int expected) {
		String url = provisioned.queueUrl(queueName);
		List<String> bodies = new ArrayList<>();
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Message> messages = clients.sqs()
				.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages();
			messages.forEach((message) -> {
				bodies.add(message.body());
				clients.sqs().deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle()));
			});
			return messages.isEmpty() && bodies.size() >= expected;
		});
		return bodies;
	}

	private Map<QueueAttributeName, String> attributes(String queueName) {
		return clients.sqs()
			.getQueueAttributes((request) -> request.queueUrl(provisioned.queueUrl(queueName))
				.attributeNames(QueueAttributeName.ALL))
			.attributes();
	}

}
