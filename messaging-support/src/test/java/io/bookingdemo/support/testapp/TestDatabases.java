package io.bookingdemo.support.testapp;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.Driver;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Databases of their own, on the shared PostgreSQL server, for tests that must not share
 * rows with the test application, whose relay publishes every pending outbox row.
 */
public final class TestDatabases {

	/** The Flyway location a service adds for the outbox. */
	public static final String OUTBOX_MIGRATIONS = "classpath:db/messaging-support/outbox";

	/** The Flyway location a service adds for the idempotent consumer. */
	public static final String CONSUMER_MIGRATIONS = "classpath:db/messaging-support/consumer";

	private TestDatabases() {
	}

	/**
	 * A database with nothing in it, created on first use.
	 * @param name the database's name, unique to the test class
	 * @return a data source on it
	 */
	public static DataSource empty(String name) {
		Map<String, String> properties = TestTopology.infrastructure().springProperties(name);
		return new SimpleDriverDataSource(new Driver(), properties.get("spring.datasource.url"),
				properties.get("spring.datasource.username"), properties.get("spring.datasource.password"));
	}

	/**
	 * A database with the module's tables, created on first use.
	 * @param name the database's name, unique to the test class
	 * @return a data source on it
	 */
	public static DataSource migrated(String name) {
		DataSource dataSource = empty(name);
		Flyway.configure().dataSource(dataSource).locations(OUTBOX_MIGRATIONS, CONSUMER_MIGRATIONS).load().migrate();
		return dataSource;
	}

}
