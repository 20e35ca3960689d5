package io.bookingdemo.support.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.infra.topology.AwsClients;
import io.bookingdemo.support.MessagingMode;
import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestDatabases;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two relays, as two instances of a service would run them, publishing one outbox side by
 * side: each claims its rows with {@code FOR UPDATE SKIP LOCKED}, so every event reaches
 * the subscribed queue once. On a database and a topic of their own, so that the test
 * application's relay takes no part.
 */
class OutboxRelaysSideBySideIntegrationTests {

	private static final int EVENTS = 500;

	private static final String TOPIC = "support-side-by-side-events";

	private static final String QUEUE = "support-side-by-side-events-tap";

	private static final MessagingProperties.Outbox SETTINGS = new MessagingProperties.Outbox(Duration.ofMillis(200),
			10, Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofHours(1), 5);

	private static AwsClients clients;

	private static String queueUrl;

	private final DataSource dataSource = TestDatabases.migrated("support_side_by_side");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	@BeforeAll
	static void subscribeAQueueToATopicOfTheirOwn() {
		clients = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
				TestTopology.infrastructure().emulator().region());
		queueUrl = clients.sqs().createQueue((request) -> request.queueName(QUEUE)).queueUrl();
		String queueArn = clients.sqs()
			.getQueueAttributes((request) -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
			.attributes()
			.get(QueueAttributeName.QUEUE_ARN);
		String topicArn = clients.sns().createTopic((request) -> request.name(TOPIC)).topicArn();
		clients.sns()
			.subscribe((request) -> request.topicArn(topicArn)
				.protocol("sqs")
				.endpoint(queueArn)
				.attributes(Map.of("RawMessageDelivery", "true")));
		clients.sqs().purgeQueue((request) -> request.queueUrl(queueUrl));
	}

	@AfterAll
	static void closeClients() {
		clients.close();
	}

	@Test
	void twoRelaysPublishEveryEventExactlyOnceAndShareTheWork() throws Exception {
		this.jdbc.sql("delete from outbox_events").update();
		Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build());
		List<WidgetShipped> events = IntStream.range(0, EVENTS)
			.mapToObj((i) -> WidgetShipped.aWidgetShipped("3." + i))
			.toList();
		this.transaction.executeWithoutResult((status) -> events.forEach(outbox::append));

		CyclicBarrier start = new CyclicBarrier(2);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Integer> published;
		try {
			List<CompletableFuture<Integer>> relays = List.of(relayUntilEmpty(threads, start),
					relayUntilEmpty(threads, start));
			published = relays.stream().map(CompletableFuture::join).toList();
		}
		finally {
			threads.shutdown();
		}

		assertThat(published).as("rows each relay published").allSatisfy((count) -> assertThat(count).isPositive());
		assertThat(published.get(0) + published.get(1)).as("rows published in all").isEqualTo(EVENTS);
		assertThat(this.jdbc.sql("select count(*) from outbox_events where published_at is null")
			.query(Long.class)
			.single()).as("rows left unpublished").isZero();
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			received.addAll(receiveAndDelete());
			return received.size() >= EVENTS && queueIsEmpty();
		});
		Map<String, Long> deliveries = received.stream()
			.collect(Collectors.groupingBy((message) -> message.messageAttributes().get("eventId").stringValue(),
					Collectors.counting()));
		assertThat(deliveries).as("deliveries per event id")
			.containsOnlyKeys(events.stream().map(WidgetShipped::eventId).map(UUID::toString).toList())
			.allSatisfy((eventId, count) -> assertThat(count).as("deliveries of %s", eventId).isOne());
	}

	// Each relay has its own SNS client and connections, as a second instance would.
	private CompletableFuture<Integer> relayUntilEmpty(ExecutorService threads, CyclicBarrier start) {
		return CompletableFuture.supplyAsync(() -> {
			try (AwsClients own = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
					TestTopology.infrastructure().emulator().region())) {
				OutboxRelay relay = new OutboxRelay(this.jdbc, this.transaction, own.sns(), TOPIC,
						MessagingMode.STANDARD, SETTINGS, Clock.systemUTC(),
						new OutboxMetrics(this.jdbc, new SimpleMeterRegistry(), Clock.systemUTC(),
								Duration.ofSeconds(5), MessagingMode.STANDARD));
				awaitOther(start);
				int total = 0;
				int batch;
				while ((batch = relay.relayBatch()) != 0) {
					assertThat(batch).as("a batch the emulator accepted").isPositive();
					total += batch;
				}
				return total;
			}
		}, threads);
	}

	private static void awaitOther(CyclicBarrier start) {
		try {
			start.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The other relay did not start", ex);
		}
	}

	private static List<Message> receiveAndDelete() {
		List<Message> messages = clients.sqs()
			.receiveMessage((request) -> request.queueUrl(queueUrl)
				.maxNumberOfMessages(10)
				.waitTimeSeconds(1)
				.messageAttributeNames("All"))
			.messages();
		messages.forEach((message) -> clients.sqs()
			.deleteMessage((request) -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())));
		return messages;
	}

	private static boolean queueIsEmpty() {
		Map<QueueAttributeName, String> attributes = clients.sqs()
			.getQueueAttributes((request) -> request.queueUrl(queueUrl)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return attributes.values().stream().allMatch("0"::equals);
	}

}
