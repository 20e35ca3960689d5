package io.bookingdemo.support.outbox;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.bookingdemo.infra.topology.AwsClients;
import io.bookingdemo.support.MessagingMode;
import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestDatabases;
import io.bookingdemo.support.testapp.TestTopology;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion of published rows, on a database of its own so that no relay publishes the
 * pending rows it keeps.
 */
class OutboxPurgeIntegrationTests {

	private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");

	private static final Duration RETENTION = Duration.ofDays(7);

	// More than one deletion batch of 1000.
	private static final int EXPIRED = 2500;

	private final DataSource dataSource = TestDatabases.migrated("support_purge");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	@Test
	void deletesPublishedRowsOlderThanTheRetentionAndKeepsNewerAndPendingOnes() {
		this.jdbc.sql("delete from outbox_events").update();
		this.jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
				    created_at, published_at, attempts)
				select gen_random_uuid(), 'WidgetShipped', 1, gen_random_uuid(), 'widget', '{}', :createdAt,
				    :publishedAt, 1
				from generate_series(1, :rows)
				""")
			.param("createdAt", timestamp(NOW.minus(RETENTION).minusSeconds(120)))
			.param("publishedAt", timestamp(NOW.minus(RETENTION).minusSeconds(60)))
			.param("rows", EXPIRED)
			.update();
		UUID recentlyPublished = insert(NOW.minus(RETENTION).plusSeconds(60), NOW.minus(RETENTION).plusSeconds(60));
		UUID longPending = insert(NOW.minus(Duration.ofDays(30)), null);

		try (AwsClients aws = AwsClients.create(Optional.of(TestTopology.infrastructure().emulator().endpoint()),
				TestTopology.infrastructure().emulator().region())) {
			int deleted = relay(aws).purgePublished();

			assertThat(deleted).isEqualTo(EXPIRED);
		}
		assertThat(this.jdbc.sql("select event_id from outbox_events").query(UUID.class).list())
			.containsExactlyInAnyOrder(recentlyPublished, longPending);
	}

	private OutboxRelay relay(AwsClients aws) {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		return new OutboxRelay(this.jdbc, new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				aws.sns(), TestTopology.TOPIC, MessagingMode.STANDARD,
				new MessagingProperties.Outbox(Duration.ofMillis(200), 10, Duration.ofSeconds(5), RETENTION,
						Duration.ofHours(1), 5),
				clock, new OutboxMetrics(this.jdbc, new SimpleMeterRegistry(), clock, Duration.ofSeconds(5),
						MessagingMode.STANDARD));
	}

	private UUID insert(Instant createdAt, Instant publishedAt) {
		UUID eventId = UUID.randomUUID();
		this.jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
				    created_at, published_at)
				values (:eventId, 'WidgetShipped', 1, :aggregateId, 'widget', '{}', :createdAt, :publishedAt)
				""")
			.param("eventId", eventId)
			.param("aggregateId", UUID.randomUUID())
			.param("createdAt", timestamp(createdAt))
			.param("publishedAt", (publishedAt != null) ? timestamp(publishedAt) : null, Types.TIMESTAMP)
			.update();
		return eventId;
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.from(instant);
	}

}
