package io.bookingdemo.support.testapp;

import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.Driver;

import io.bookingdemo.support.consumer.ListenerAutoConfiguration;
import io.bookingdemo.support.outbox.OutboxAutoConfiguration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Databases of their own, on the shared PostgreSQL server, for tests that must not share
 * rows with the test application, whose relay publishes every pending outbox row.
 */
public final class TestDatabases {

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
	 * A database with the outbox's and the idempotent consumer's tables, created on first
	 * use.
	 * @param name the database's name, unique to the test class
	 * @return a data source on it
	 */
	public static DataSource migrated(String name) {
		DataSource dataSource = empty(name);
		OutboxAutoConfiguration.SCHEMA.migrate(dataSource);
		ListenerAutoConfiguration.SCHEMA.migrate(dataSource);
		return dataSource;
	}

}
