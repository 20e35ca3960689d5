package io.bookingdemo.support.outbox;

import java.math.BigDecimal;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay whose poll interval is far longer than the test, woken by the outbox when a
 * transaction that appended an event commits; on a database of its own, so that the test
 * application's relay cannot publish the rows first.
 */
class OutboxRelayWakeUpIntegrationTests {

	private static final Duration POLL_INTERVAL = Duration.ofMinutes(10);

	private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(5);

	private static final MessagingProperties.Outbox SETTINGS = new MessagingProperties.Outbox(POLL_INTERVAL, 10,
			Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofHours(1), 5);

	private final DataSource dataSource = TestDatabases.migrated("support_relay_wake_up");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	private final AwsClients aws = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
			TestTopology.infrastructure().emulator().region());

	private final OutboxRelay relay = new OutboxRelay(this.jdbc, this.transaction, this.aws.sns(), TestTopology.TOPIC,
			MessagingMode.STANDARD, SETTINGS, Clock.systemUTC(), new OutboxMetrics(this.jdbc, new SimpleMeterRegistry(),
					Clock.systemUTC(), Duration.ofSeconds(5), MessagingMode.STANDARD));

	private final Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build(), this.relay::wakeUp);

	@BeforeEach
	void emptyOutboxAndStartRelay() {
		this.jdbc.sql("delete from outbox_events").update();
		this.relay.start();
	}

	@AfterEach
	void stopRelay() {
		this.relay.stop();
		this.aws.close();
	}

	@Test
	void publishesACommittedRowWellBeforeThePollInterval() {
		// The first event may be published by the relay's first run at its start; the
		// second is committed after that run, while the relay waits for its next poll.
		WidgetShipped first = appendAndCommit();
		await().atMost(WELL_BEFORE_THE_POLL).until(() -> pending() == 0);

		WidgetShipped second = appendAndCommit();

		await().atMost(WELL_BEFORE_THE_POLL).until(() -> pending() == 0);
		assertThat(received(2)).as("event ids on the topic's tap")
			.contains(first.eventId().toString(), second.eventId().toString());
	}

	@Test
	void publishesNothingOfATransactionThatRolledBack() {
		WidgetShipped rolledBack = new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE, WidgetShipped.VERSION,
				Instant.now(), UUID.randomUUID(), new BigDecimal("2.5"));
		this.transaction.executeWithoutResult((status) -> {
			this.outbox.append(rolledBack);
			status.setRollbackOnly();
		});
		WidgetShipped committed = appendAndCommit();

		await().atMost(WELL_BEFORE_THE_POLL).until(() -> pending() == 0);
		assertThat(received(1)).as("event ids on the topic's tap")
			.contains(committed.eventId().toString())
			.doesNotContain(rolledBack.eventId().toString());
	}

	private WidgetShipped appendAndCommit() {
		WidgetShipped event = new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE, WidgetShipped.VERSION,
				Instant.now(), UUID.randomUUID(), new BigDecimal("1.5"));
		this.transaction.executeWithoutResult((status) -> this.outbox.append(event));
		return event;
	}

	private long pending() {
		return this.jdbc.sql("select count(*) from outbox_events where published_at is null")
			.query(Long.class)
			.single();
	}

	// Reads the tap empty as well, so that the other tests of the topic do not see these
	// events.
	private List<String> received(int atLeast) {
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(TestTopology.receiveAndDelete(TestTopology.TAP));
			return received.size() >= atLeast;
		});
		received.addAll(TestTopology.receiveAndDelete(TestTopology.TAP));
		return received.stream().map((message) -> message.messageAttributes().get("eventId").stringValue()).toList();
	}

}
