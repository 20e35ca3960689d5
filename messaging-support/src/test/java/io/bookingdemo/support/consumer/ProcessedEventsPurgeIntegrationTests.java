package io.bookingdemo.support.consumer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge of {@code processed_events}, on a database of its own: expired records go in
 * batches, newer ones stay, and a record a transaction holds is left for the next purge
 * rather than waited for.
 */
class ProcessedEventsPurgeIntegrationTests {

	private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");

	private static final Duration RETENTION = Duration.ofDays(30);

	private static final int BATCH = 1000;

	// More than two batches.
	private static final int EXPIRED = 2500;

	private final DataSource dataSource = TestDatabases.migrated("support_processed_purge");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final ProcessedEvents processedEvents = new ProcessedEvents(this.jdbc, Clock.fixed(NOW, ZoneOffset.UTC));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ProcessedEventsPurge purge = new ProcessedEventsPurge(this.processedEvents,
			new MessagingProperties.ProcessedEvents(RETENTION, Duration.ofHours(1), BATCH),
			Clock.fixed(NOW, ZoneOffset.UTC), this.registry);

	@BeforeEach
	void startEmpty() {
		this.jdbc.sql("delete from processed_events").update();
	}

	@Test
	void deletesTheExpiredRecordsInBatchesAndKeepsTheNewerOnes() {
		insertExpired(EXPIRED);
		UUID recent = insert(NOW.minus(RETENTION).plusSeconds(60));

		assertThat(this.purge.purge()).isEqualTo(EXPIRED);

		assertThat(this.jdbc.sql("select event_id from processed_events").query(UUID.class).list())
			.containsExactly(recent);
		assertThat(this.registry.get("messaging.processed.events.purged").counter().count()).isEqualTo(EXPIRED);
	}

	@Test
	void skipsARecordATransactionHoldsAndDeletesItAtTheNextPurge() throws SQLException {
		UUID held = insert(NOW.minus(RETENTION).minusSeconds(60));
		insertExpired(3);

		try (Connection transaction = this.dataSource.getConnection();
				PreparedStatement lock = transaction
					.prepareStatement("select event_id from processed_events where event_id = ? for update")) {
			transaction.setAutoCommit(false);
			lock.setObject(1, held);
			lock.executeQuery().close();

			assertThat(this.purge.purge()).isEqualTo(3);
			transaction.commit();
		}

		assertThat(this.jdbc.sql("select event_id from processed_events").query(UUID.class).list())
			.containsExactly(held);
		assertThat(this.purge.purge()).isOne();
	}

	private void insertExpired(int rows) {
		this.jdbc.sql("""
				insert into processed_events (event_id, event_type, processed_at)
				select gen_random_uuid(), 'WidgetShipped', :processedAt from generate_series(1, :rows)
				""")
			.param("processedAt", Timestamp.from(NOW.minus(RETENTION).minusSeconds(120)))
			.param("rows", rows)
			.update();
	}

	private UUID insert(Instant processedAt) {
		UUID eventId = UUID.randomUUID();
		this.jdbc.sql("insert into processed_events (event_id, event_type, processed_at) values (?, ?, ?)")
			.params(eventId, "WidgetShipped", Timestamp.from(processedAt))
			.update();
		return eventId;
	}

}
