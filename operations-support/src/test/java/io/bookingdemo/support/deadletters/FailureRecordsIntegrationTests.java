package io.bookingdemo.support.deadletters;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.testapp.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure records on their own database: one row per message, updated at each
 * failure, and kept within the retention and the row count.
 */
class FailureRecordsIntegrationTests {

	private static final DataSource DATABASE = migrated();

	private final JdbcClient jdbc = JdbcClient.create(DATABASE);

	private Instant now = Instant.parse("2031-03-01T10:00:00Z");

	private final FailureRecords records = new FailureRecords(this.jdbc, new Clock() {
		@Override
		public Instant instant() {
			return FailureRecordsIntegrationTests.this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	});

	@BeforeEach
	void empty() {
		this.jdbc.sql("delete from message_failures").update();
	}

	@Test
	void keepsOneRowPerMessageWithItsFirstAndLastFailure() {
		this.records.record(failure("m-1", 1, "first"));
		this.now = this.now.plusSeconds(3);
		this.records.record(failure("m-1", 2, "second"));

		FailureRecords.Recorded recorded = this.records.find(List.of("m-1", "m-2")).get("m-1");
		assertThat(this.records.find(List.of("m-1", "m-2"))).containsOnlyKeys("m-1");
		assertThat(recorded.receiveCount()).isEqualTo(2);
		assertThat(recorded.failures()).isEqualTo(2);
		assertThat(recorded.reason()).isEqualTo("second");
		assertThat(recorded.eventId()).isEqualTo("e-m-1");
		assertThat(recorded.firstFailedAt()).isEqualTo(Instant.parse("2031-03-01T10:00:00Z"));
		assertThat(recorded.lastFailedAt()).isEqualTo(Instant.parse("2031-03-01T10:00:03Z"));
	}

	@Test
	void purgesRecordsPastTheRetentionAndBeyondTheNewestKept() {
		for (int index = 1; index <= 5; index++) {
			this.records.record(failure("m-" + index, 5, "poison"));
			this.now = this.now.plus(Duration.ofHours(1));
		}

		assertThat(this.records.purge(Duration.ofMinutes(150), 10)).as("older than 2.5 h").isEqualTo(3);
		assertThat(this.records.purge(Duration.ofDays(1), 1)).as("beyond the newest").isEqualTo(1);
		assertThat(this.records.find(List.of("m-1", "m-2", "m-3", "m-4", "m-5"))).containsOnlyKeys("m-5");
	}

	@Test
	void purgesMoreExpiredRecordsThanOneBatchHolds() {
		int expired = FailureRecords.PURGE_BATCH * 2 + 500;
		this.jdbc.sql("""
				insert into message_failures (message_id, queue, receive_count, failures, exception, reason,
				    first_failed_at, last_failed_at)
				select 'expired-' || n, 'a-queue', 5, 5, 'IllegalStateException', 'poison', :failedAt, :failedAt
				from generate_series(1, :rows) n
				""")
			.param("failedAt", Timestamp.from(this.now.minus(Duration.ofDays(2))))
			.param("rows", expired)
			.update();
		this.records.record(failure("m-recent", 5, "poison"));

		assertThat(this.records.purge(Duration.ofDays(1), 10_000)).isEqualTo(expired);
		assertThat(this.jdbc.sql("select message_id from message_failures").query(String.class).list())
			.containsExactly("m-recent");
	}

	@Test
	void cutsAnOverlongReasonToItsColumn() {
		this.records.record(failure("m-long", 1, "x".repeat(5000)));

		assertThat(this.records.find(List.of("m-long")).get("m-long").reason()).hasSize(2000);
	}

	private static FailureRecords.Failure failure(String messageId, int receiveCount, String reason) {
		return new FailureRecords.Failure(messageId, "a-queue", "e-" + messageId, "WidgetShipped", receiveCount,
				"java.lang.IllegalStateException", reason);
	}

	private static DataSource migrated() {
		DataSource dataSource = TestDatabases.empty("failure_records");
		DeadLetterAutoConfiguration.SCHEMA.migrate(dataSource);
		return dataSource;
	}

}
