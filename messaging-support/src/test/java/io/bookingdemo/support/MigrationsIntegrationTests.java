package io.bookingdemo.support;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.testapp.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's repeatable migrations, as a service runs them next to its own.
 */
class MigrationsIntegrationTests {

	// A service's own migrations that created the tables before this module existed.
	private static final String SERVICE_MIGRATIONS = "classpath:db/service-before-support";

	private static final UUID OUTBOX_EVENT = UUID.fromString("5d0f5a39-6c43-4a5c-9b8e-0a9d86e3b001");

	private static final UUID PROCESSED_EVENT = UUID.fromString("5d0f5a39-6c43-4a5c-9b8e-0a9d86e3b002");

	@Test
	void adoptTheTablesOfAnExistingServiceAndKeepTheirRows() {
		DataSource dataSource = TestDatabases.empty("support_adopt");
		JdbcClient jdbc = JdbcClient.create(dataSource);
		flyway(dataSource, SERVICE_MIGRATIONS).migrate();
		jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, payload, created_at)
				values (?, 'BookingCreated', 1, gen_random_uuid(), '{"eventType":"BookingCreated"}', now())
				""").param(OUTBOX_EVENT).update();
		jdbc.sql(
				"insert into processed_events (event_id, event_type, processed_at) values (?, 'BookingCreated', now())")
			.param(PROCESSED_EVENT)
			.update();

		MigrateResult adopted = flyway(dataSource, SERVICE_MIGRATIONS, TestDatabases.OUTBOX_MIGRATIONS,
				TestDatabases.CONSUMER_MIGRATIONS)
			.migrate();

		assertThat(adopted.migrationsExecuted).isEqualTo(2);
		assertThat(jdbc.sql("select event_id from outbox_events").query(UUID.class).list())
			.containsExactly(OUTBOX_EVENT);
		assertThat(jdbc.sql("select event_id from processed_events").query(UUID.class).list())
			.containsExactly(PROCESSED_EVENT);
		assertThat(columnsOf(jdbc, "processed_events")).containsExactly("event_id", "event_type", "processed_at",
				"ignored_because");
		assertThat(
				jdbc.sql("select message_group = aggregate_id::text from outbox_events").query(Boolean.class).single())
			.as("an adopted row's group is its aggregate")
			.isTrue();
		assertThat(indexesOf(jdbc, "outbox_events")).contains("outbox_events_pending", "outbox_events_published",
				"outbox_events_pending_group");
		assertThat(flyway(dataSource, SERVICE_MIGRATIONS, TestDatabases.OUTBOX_MIGRATIONS,
				TestDatabases.CONSUMER_MIGRATIONS)
			.migrate().migrationsExecuted).as("migrations run again").isZero();
	}

	@Test
	void createTheTablesOfANewServiceAndCanRunAgainOverThem() {
		DataSource dataSource = TestDatabases.empty("support_new");
		JdbcClient jdbc = JdbcClient.create(dataSource);
		flyway(dataSource, TestDatabases.OUTBOX_MIGRATIONS, TestDatabases.CONSUMER_MIGRATIONS).migrate();
		jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
				    created_at)
				values (?, 'WidgetShipped', 1, gen_random_uuid(), 'widget-1', '{}', now())
				""").param(OUTBOX_EVENT).update();

		// A second history table makes Flyway run every statement again over the tables.
		MigrateResult rerun = Flyway.configure()
			.dataSource(dataSource)
			.locations(TestDatabases.OUTBOX_MIGRATIONS, TestDatabases.CONSUMER_MIGRATIONS)
			.table("rerun_history")
			.baselineOnMigrate(true)
			.load()
			.migrate();

		assertThat(rerun.migrationsExecuted).isEqualTo(2);
		assertThat(jdbc.sql("select event_id from outbox_events").query(UUID.class).list())
			.containsExactly(OUTBOX_EVENT);
		assertThat(columnsOf(jdbc, "outbox_events")).containsExactly("id", "event_id", "event_type", "event_version",
				"aggregate_id", "payload", "created_at", "published_at", "attempts", "last_error", "message_group",
				"refusals", "set_aside_at", "trace_parent", "trace_state");
		assertThat(columnsOf(jdbc, "processed_events")).containsExactly("event_id", "event_type", "processed_at",
				"ignored_because");
	}

	private static Flyway flyway(DataSource dataSource, String... locations) {
		return Flyway.configure().dataSource(dataSource).locations(locations).load();
	}

	private static List<String> columnsOf(JdbcClient jdbc, String table) {
		return jdbc
			.sql("select column_name from information_schema.columns where table_name = ? order by ordinal_position")
			.param(table)
			.query(String.class)
			.list();
	}

	private static List<String> indexesOf(JdbcClient jdbc, String table) {
		return jdbc.sql("select indexname from pg_indexes where tablename = ?").param(table).query(String.class).list();
	}

}
