package io.bookingdemo.support.outbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A row that SNS refuses beside rows it accepts, in one {@code PublishBatch}: the others
 * are published, the refused one is counted, set aside after the last refusal allowed and
 * no longer claimed, or in fifo mode holds its group until an operator acts. Relays of
 * their own on a database of their own, driven one batch at a time.
 */
class OutboxSetAsideIntegrationTests {

	private static final int MAX_REFUSALS = 2;

	private static final MessagingProperties.Outbox SETTINGS = new MessagingProperties.Outbox(Duration.ofMillis(200),
			10, Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofHours(1), MAX_REFUSALS);

	// SNS takes messages of at most 256 KiB, attributes included: it refuses this one
	// whatever the emulator, alone or in a batch.
	private static final int OVERSIZED = 300_000;

	private final DataSource dataSource = TestDatabases.migrated("support_outbox_set_aside");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	private final Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build());

	private final AwsClients aws = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
			TestTopology.infrastructure().emulator().region());

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void emptyOutboxAndTaps() {
		this.jdbc.sql("delete from outbox_events").update();
		this.jdbc.sql("delete from outbox_actions").update();
		while (!TestTopology.receiveAndDelete(TestTopology.TAP).isEmpty()) {
			// drained
		}
		while (!TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_TAP).isEmpty()) {
			// drained
		}
	}

	@AfterEach
	void closeClients() {
		this.aws.close();
	}

	@Test
	void publishesTheAcceptedEntriesOfABatchAndSetsTheRefusedOneAsideAfterItsLastRefusal() {
		OutboxMetrics metrics = metrics(MessagingMode.STANDARD);
		OutboxRelay relay = relay(MessagingMode.STANDARD, metrics);
		List<WidgetShipped> events = append(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		UUID refused = events.get(1).eventId();
		oversize(refused);

		assertThat(relay.relayBatch()).as("published beside the refused row").isEqualTo(2);
		assertThat(row(refused)).as("after the first refusal")
			.satisfies((row) -> assertThat(row.refusals()).isEqualTo(1))
			.satisfies((row) -> assertThat(row.setAside()).isFalse())
			.satisfies((row) -> assertThat(row.lastError()).isNotBlank());
		assertThat(relay.relayBatch()).as("published at the second refusal").isZero();
		assertThat(row(refused)).as("after the last refusal allowed")
			.satisfies((row) -> assertThat(row.refusals()).isEqualTo(MAX_REFUSALS))
			.satisfies((row) -> assertThat(row.attempts()).isEqualTo(MAX_REFUSALS))
			.satisfies((row) -> assertThat(row.setAside()).isTrue());

		List<WidgetShipped> later = append(UUID.randomUUID());
		assertThat(relay.relayBatch()).as("published behind the set-aside row").isEqualTo(1);
		assertThat(relay.relayBatch()).as("nothing left to claim").isZero();
		assertThat(row(refused).refusals()).as("a set-aside row is not claimed").isEqualTo(MAX_REFUSALS);

		List<String> received = receive(TestTopology.TAP, 3, () -> TestTopology.receiveAndDelete(TestTopology.TAP));
		assertThat(received).containsExactly(events.get(0).eventId().toString(), events.get(2).eventId().toString(),
				later.get(0).eventId().toString());
		metrics.refresh();
		assertThat(this.registry.get("outbox.set.aside").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("outbox.backlog").gauge().value()).as("set-aside rows are not backlog").isZero();
		assertThat(this.registry.get("outbox.oldest.unpublished").timeGauge().value()).isZero();
		assertThat(this.registry.get("outbox.held.groups").gauge().value()).as("standard mode holds no group").isZero();
	}

	@Test
	void holdsTheGroupOfASetAsideRowInFifoModeUntilAnOperatorDiscardsIt() {
		OutboxMetrics metrics = metrics(MessagingMode.FIFO);
		OutboxRelay relay = relay(MessagingMode.FIFO, metrics);
		SetAsideRows setAside = new SetAsideRows(this.jdbc, this.transaction, Clock.systemUTC(), MessagingMode.FIFO,
				() -> {
				});
		UUID held = UUID.randomUUID();
		UUID free = UUID.randomUUID();
		List<WidgetShipped> events = append(held, free, held);
		UUID refused = events.get(0).eventId();
		oversize(refused);

		for (int run = 0; run < MAX_REFUSALS + 2; run++) {
			relay.relayPending();
		}

		assertThat(row(refused).setAside()).isTrue();
		assertThat(pendingEventIds()).as("the set-aside row and the one behind it")
			.containsExactly(refused, events.get(2).eventId());
		assertThat(setAside.heldGroups(10)).singleElement().satisfies((group) -> {
			assertThat(group.messageGroup()).isEqualTo(held.toString());
			assertThat(group.waiting()).isEqualTo(1);
		});
		metrics.refresh();
		assertThat(this.registry.get("outbox.held.groups").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("outbox.set.aside").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("outbox.backlog").gauge().value()).as("the row waiting behind it").isEqualTo(1);

		SetAsideRows.Outcome discarded = setAside.discard(List.of(refused, UUID.randomUUID()), "an-operator");
		assertThat(discarded.done()).containsExactly(refused);
		assertThat(discarded.notFound()).hasSize(1);
		relay.relayPending();

		assertThat(pendingEventIds()).isEmpty();
		List<String> received = receive(TestTopology.FIFO_TAP, 2,
				() -> TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_TAP));
		assertThat(received).containsExactlyInAnyOrder(events.get(1).eventId().toString(),
				events.get(2).eventId().toString());
		assertThat(setAside.audit(1)).singleElement().satisfies((action) -> {
			assertThat(action.actor()).isEqualTo("an-operator");
			assertThat(action.action()).isEqualTo("DISCARD");
			assertThat(action.affected()).isEqualTo(1);
			assertThat(action.eventIds()).contains(refused.toString());
		});
	}

	@Test
	void reportsTheAgeOfTheOldestWaitingRow() {
		OutboxMetrics metrics = metrics(MessagingMode.STANDARD);
		Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
		this.transaction.executeWithoutResult((status) -> this.outbox.append(new WidgetShipped(UUID.randomUUID(),
				WidgetShipped.TYPE, WidgetShipped.VERSION, anHourAgo, UUID.randomUUID(), BigDecimal.ONE)));
		append(UUID.randomUUID());

		metrics.refresh();

		assertThat(this.registry.get("outbox.oldest.unpublished").timeGauge().value()).isGreaterThanOrEqualTo(3600);
		assertThat(this.registry.get("outbox.backlog").gauge().value()).isEqualTo(2);
	}

	private List<WidgetShipped> append(UUID... widgets) {
		List<WidgetShipped> events = new ArrayList<>();
		for (UUID widget : widgets) {
			events.add(new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE, WidgetShipped.VERSION, Instant.now(),
					widget, new BigDecimal("1.5")));
		}
		events.forEach((event) -> this.transaction.executeWithoutResult((status) -> this.outbox.append(event)));
		return events;
	}

	private void oversize(UUID eventId) {
		this.jdbc.sql("update outbox_events set payload = repeat('x', :size) where event_id = :eventId")
			.param("size", OVERSIZED)
			.param("eventId", eventId)
			.update();
	}

	private OutboxMetrics metrics(MessagingMode mode) {
		return new OutboxMetrics(this.jdbc, this.registry, Clock.systemUTC(), Duration.ofSeconds(5), mode);
	}

	private OutboxRelay relay(MessagingMode mode, OutboxMetrics metrics) {
		return new OutboxRelay(this.jdbc, this.transaction, this.aws.sns(),
				(mode == MessagingMode.FIFO) ? TestTopology.FIFO_TOPIC : TestTopology.TOPIC, mode, SETTINGS,
				Clock.systemUTC(), metrics);
	}

	private Row row(UUID eventId) {
		return this.jdbc
			.sql("select attempts, refusals, set_aside_at is not null as set_aside, last_error from outbox_events "
					+ "where event_id = ?")
			.param(eventId)
			.query((rs, rowNum) -> new Row(rs.getInt("attempts"), rs.getInt("refusals"), rs.getBoolean("set_aside"),
					rs.getString("last_error")))
			.single();
	}

	private List<UUID> pendingEventIds() {
		return this.jdbc.sql("select event_id from outbox_events where published_at is null order by id")
			.query(UUID.class)
			.list();
	}

	private static List<String> receive(String tap, int expected, Supplier<List<Message>> receiver) {
		List<String> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			receiver.get().forEach((message) -> received.add(message.messageAttributes().get("eventId").stringValue()));
			return received.size() >= expected;
		});
		return received;
	}

	private record Row(int attempts, int refusals, boolean setAside, String lastError) {
	}

}
