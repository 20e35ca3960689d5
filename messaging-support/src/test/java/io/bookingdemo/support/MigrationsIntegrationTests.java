package io.bookingdemo.support;

import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.consumer.ListenerAutoConfiguration;
import io.bookingdemo.support.database.PlumbingSchema;
import io.bookingdemo.support.outbox.OutboxAutoConfiguration;
import io.bookingdemo.support.testapp.TestDatabases;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's migrations, as a service runs them after its own (operations-support's
 * dead-letter tables go the same way, tested there).
 */
class MigrationsIntegrationTests {

	private static final List<PlumbingSchema> PLUMBING = List.of(OutboxAutoConfiguration.SCHEMA,
			ListenerAutoConfiguration.SCHEMA);

	@Test
	void createThePlumbingTablesAfterTheServicesOwnEachPartWithItsHistory() {
		DataSource dataSource = TestDatabases.empty("support_migrations");
		JdbcClient jdbc = JdbcClient.create(dataSource);

		migrate(dataSource, "classpath:db/widgets");

		assertThat(columnsOf(jdbc, "outbox_events")).containsExactly("id", "event_id", "event_type", "event_version",
				"aggregate_id", "payload", "created_at", "published_at", "attempts", "last_error", "message_group",
				"refusals", "set_aside_at", "trace_parent", "trace_state");
		assertThat(columnsOf(jdbc, "processed_events")).containsExactly("event_id", "event_type", "processed_at",
				"ignored_because");
		assertThat(columnsOf(jdbc, "outbox_actions")).isNotEmpty();
		assertThat(versionsIn(jdbc, "flyway_schema_history")).containsExactly("1");
		assertThat(PLUMBING)
			.allSatisfy((schema) -> assertThat(versionsIn(jdbc, schema.historyTable())).as(schema.historyTable())
				.containsExactly("0", "1"));
	}

	@Test
	void addAServicesLaterMigrationAfterThePlumbingsAndRunNothingTwice() {
		DataSource dataSource = TestDatabases.empty("support_later_migrations");
		JdbcClient jdbc = JdbcClient.create(dataSource);
		migrate(dataSource, "classpath:db/widgets");

		migrate(dataSource, "classpath:db/widgets", "classpath:db/widgets-later");

		assertThat(columnsOf(jdbc, "widget_shipments")).contains("note");
		assertThat(versionsIn(jdbc, "flyway_schema_history")).containsExactly("1", "2");
		assertThat(PLUMBING)
			.allSatisfy((schema) -> assertThat(versionsIn(jdbc, schema.historyTable())).as(schema.historyTable())
				.containsExactly("0", "1"));
	}

	// As the module's FlywayMigrationStrategy does: the service's first, then each part.
	private static void migrate(DataSource dataSource, String... serviceLocations) {
		Flyway.configure().dataSource(dataSource).locations(serviceLocations).load().migrate();
		PLUMBING.forEach((schema) -> schema.migrate(dataSource));
	}

	private static List<String> columnsOf(JdbcClient jdbc, String table) {
		return jdbc
			.sql("select column_name from information_schema.columns where table_name = ? order by ordinal_position")
			.param(table)
			.query(String.class)
			.list();
	}

	private static List<String> versionsIn(JdbcClient jdbc, String historyTable) {
		return jdbc.sql("select version from " + historyTable + " where success order by installed_rank")
			.query(String.class)
			.list();
	}

}
