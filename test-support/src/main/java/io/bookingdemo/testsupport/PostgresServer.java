package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL server for tests and the local demo, on which each service gets a
 * database and a user of its own.
 * <p>
 * {@link #start()} uses a Testcontainers PostgreSQL where Docker works and an embedded
 * PostgreSQL (real server binaries shipped in a jar) otherwise.
 */
public abstract sealed class PostgresServer implements AutoCloseable {

	/** The PostgreSQL image used where Docker is available. */
	public static final String IMAGE = "postgres:17.6-alpine";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	/**
	 * Starts a server.
	 * @return the running server
	 */
	public static PostgresServer start() {
		if (DockerClientFactory.instance().isDockerAvailable()) {
			return Container.launch();
		}
		return Embedded.launch();
	}

	/**
	 * A superuser data source on the {@code postgres} database.
	 * @return the data source
	 */
	protected abstract DataSource adminDataSource();

	/**
	 * The JDBC URL of a database on this server.
	 * @param database the database name
	 * @return the URL
	 */
	public abstract String jdbcUrl(String database);

	/**
	 * Creates a database owned by a user of the same name, whose password is the name
	 * too, as the services' local defaults expect.
	 * @param name the database and user name
	 * @return the database's JDBC URL
	 */
	public String createDatabase(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain identifier: " + name);
		}
		try (Connection connection = adminDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "'");
			statement.execute("CREATE DATABASE " + name + " OWNER " + name);
			return jdbcUrl(name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	/**
	 * What runs, with the version the server reports, for the log of a test run.
	 * @return for example {@code embedded PostgreSQL 14.10}
	 */
	public String description() {
		try (Connection connection = adminDataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet version = statement.executeQuery("show server_version")) {
			version.next();
			return describe(version.getString(1));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the PostgreSQL server version", ex);
		}
	}

	/**
	 * Describes this kind of server.
	 * @param serverVersion the version the server reports
	 * @return the description
	 */
	protected abstract String describe(String serverVersion);

	@Override
	public abstract void close();

	static final class Embedded extends PostgresServer {

		private final EmbeddedPostgres postgres;

		private Embedded(EmbeddedPostgres postgres) {
			this.postgres = postgres;
		}

		static Embedded launch() {
			try {
				return new Embedded(EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
			}
		}

		@Override
		protected DataSource adminDataSource() {
			return this.postgres.getPostgresDatabase();
		}

		@Override
		public String jdbcUrl(String database) {
			return this.postgres.getJdbcUrl("postgres", database).replaceFirst("\\?.*$", "");
		}

		@Override
		protected String describe(String serverVersion) {
			return "embedded PostgreSQL " + serverVersion;
		}

		@Override
		public void close() {
			try {
				this.postgres.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	static final class Container extends PostgresServer {

		private final PostgreSQLContainer container;

		private Container(PostgreSQLContainer container) {
			this.container = container;
		}

		static Container launch() {
			PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
				.withCommand("postgres", "-c", "max_connections=300");
			container.start();
			return new Container(container);
		}

		@Override
		protected DataSource adminDataSource() {
			PGSimpleDataSource dataSource = new PGSimpleDataSource();
			dataSource.setUrl(this.container.getJdbcUrl());
			dataSource.setUser(this.container.getUsername());
			dataSource.setPassword(this.container.getPassword());
			return dataSource;
		}

		@Override
		public String jdbcUrl(String database) {
			return "jdbc:postgresql://" + this.container.getHost() + ":" + this.container.getMappedPort(5432) + "/"
					+ database;
		}

		@Override
		protected String describe(String serverVersion) {
			return "PostgreSQL " + serverVersion + " in " + IMAGE + " (Testcontainers)";
		}

		@Override
		public void close() {
			this.container.stop();
		}

	}

}
