package io.bookingdemo.support.outbox;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relays in fifo mode publishing to a FIFO topic, on a database of their own so that the
 * test application's relay cannot publish the rows first.
 */
class OutboxRelayFifoIntegrationTests {

	private static final MessagingProperties.Outbox SETTINGS = new MessagingProperties.Outbox(Duration.ofMillis(200),
			10, Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofHours(1), 5);

	private final DataSource dataSource = TestDatabases.migrated("support_relay_fifo");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	private final Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build());

	private final AwsClients aws = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
			TestTopology.infrastructure().emulator().region());

	@BeforeEach
	void emptyOutboxAndTap() {
		this.jdbc.sql("delete from outbox_events").update();
		while (!TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_TAP).isEmpty()) {
			// drained
		}
	}

	@AfterEach
	void closeClients() {
		this.aws.close();
	}

	@Test
	void publishesEachGroupInTheOrderWrittenWithTheGroupAndTheEventIdAsDeduplicationId() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		List<WidgetShipped> events = append(first, second, first, second, first);

		relay().relayPending();
		await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);

		List<Message> received = receive(events.size());
		assertThat(eventIds(received, first)).containsExactlyElementsOf(eventIdsOf(events, first));
		assertThat(eventIds(received, second)).containsExactlyElementsOf(eventIdsOf(events, second));
		assertThat(received).allSatisfy((message) -> {
			String eventId = message.messageAttributes().get("eventId").stringValue();
			assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
				.isEqualTo(eventId);
			assertThat(message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
				.isEqualTo(message.messageAttributes().get("messageGroup").stringValue());
		});
	}

	@Test
	void doesNotPublishAGroupsNextEventWhileAnotherRelayHoldsItsPrevious() throws SQLException {
		UUID held = UUID.randomUUID();
		UUID free = UUID.randomUUID();
		List<WidgetShipped> events = append(held, held, free);
		OutboxRelay relay = relay();

		try (Connection otherRelay = this.dataSource.getConnection()) {
			otherRelay.setAutoCommit(false);
			claim(otherRelay, events.get(0).eventId());

			assertThat(relay.relayBatch()).as("rows published beside the claim").isEqualTo(1);
			assertThat(pendingEventIds()).as("still pending")
				.containsExactly(events.get(0).eventId(), events.get(1).eventId());
			// The other relay fails before publishing: its claim ends, the row stays
			// pending.
			otherRelay.rollback();
		}
		relay.relayPending();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			relay.relayPending();
			return pending() == 0;
		});

		List<Message> received = receive(events.size());
		assertThat(eventIds(received, held)).containsExactlyElementsOf(eventIdsOf(events, held));
		assertThat(eventIds(received, free)).containsExactlyElementsOf(eventIdsOf(events, free));
	}

	@Test
	void deliversOnceAnEventPublishedAgainWithinTheDeduplicationInterval() {
		UUID widget = UUID.randomUUID();
		List<WidgetShipped> events = append(widget, widget);
		relay().relayPending();
		await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);

		// As after a crash between the publish and the commit that marks the rows.
		this.jdbc.sql("update outbox_events set published_at = null").update();
		relay().relayPending();
		await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0);

		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(2)).until(() -> {
			List<Message> batch = TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_TAP);
			received.addAll(batch);
			return batch.isEmpty() && received.size() >= events.size();
		});
		assertThat(eventIds(received, widget)).as("each event once, in order")
			.containsExactlyElementsOf(eventIdsOf(events, widget));
	}

	private List<WidgetShipped> append(UUID... widgets) {
		List<WidgetShipped> events = new ArrayList<>();
		for (UUID widget : widgets) {
			events.add(new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE, WidgetShipped.VERSION, Instant.now(),
					widget, new BigDecimal("1.5")));
		}
		// One transaction per event, as one change of one aggregate at a time.
		events.forEach((event) -> this.transaction.executeWithoutResult((status) -> this.outbox.append(event)));
		return events;
	}

	private OutboxRelay relay() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		return new OutboxRelay(this.jdbc, this.transaction, this.aws.sns(), TestTopology.FIFO_TOPIC, MessagingMode.FIFO,
				SETTINGS, Clock.systemUTC(),
				new OutboxMetrics(this.jdbc, registry, Clock.systemUTC(), Duration.ofSeconds(5), MessagingMode.FIFO));
	}

	private static void claim(Connection connection, UUID eventId) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("select id from outbox_events where event_id = ? for update")) {
			statement.setObject(1, eventId);
			statement.executeQuery().close();
		}
	}

	private int pending() {
		return pendingEventIds().size();
	}

	private List<UUID> pendingEventIds() {
		return this.jdbc.sql("select event_id from outbox_events where published_at is null order by id")
			.query(UUID.class)
			.list();
	}

	private List<Message> receive(int expected) {
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_TAP));
			return received.size() >= expected;
		});
		return received;
	}

	private static List<String> eventIds(List<Message> messages, UUID widget) {
		return messages.stream()
			.filter((
					message) -> message.messageAttributes().get("messageGroup").stringValue().equals(widget.toString()))
			.map((message) -> message.messageAttributes().get("eventId").stringValue())
			.toList();
	}

	private static List<String> eventIdsOf(List<WidgetShipped> events, UUID widget) {
		return events.stream()
			.filter((event) -> event.widgetId().equals(widget))
			.map((event) -> event.eventId().toString())
			.toList();
	}

}
