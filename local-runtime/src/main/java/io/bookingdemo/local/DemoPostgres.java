package io.bookingdemo.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs the local demo's PostgreSQL: an embedded server on a fixed port, with the
 * services' databases and users created by {@code infra/postgres/create-databases.sql},
 * until the process is stopped.
 */
public final class DemoPostgres {

	private DemoPostgres() {
	}

	/**
	 * Starts the server and blocks; stopping the JVM stops PostgreSQL through the
	 * embedded server's shutdown hook.
	 * @param args {@code PORT DATA_DIRECTORY INIT_SCRIPT}
	 * @throws IOException if the server cannot start or the script cannot be read
	 * @throws SQLException if the script fails
	 * @throws InterruptedException when interrupted while serving
	 */
	public static void main(String[] args) throws IOException, SQLException, InterruptedException {
		if (args.length != 3) {
			throw new IllegalArgumentException("usage: DemoPostgres PORT DATA_DIRECTORY INIT_SCRIPT");
		}
		int port = Integer.parseInt(args[0]);
		List<String> statements = statements(Files.readString(Path.of(args[2])));
		// A fresh cluster each time: the emulator keeps its queues in memory, so the
		// databases start empty with it.
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setPort(port)
			.setDataDirectory(Path.of(args[1]))
			.setCleanDataDirectory(true)
			.setServerConfig("max_connections", "200")
			.start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		System.out.println("PostgreSQL ready on port " + port + " with " + statements.size() + " statements applied");
		Thread.currentThread().join();
	}

	/**
	 * Splits a plain SQL script (no functions, no quoted semicolons) into statements,
	 * dropping {@code --} comments.
	 * @param script the script
	 * @return its statements, without the terminating semicolons
	 */
	static List<String> statements(String script) {
		String withoutComments = script.lines()
			.map((line) -> line.replaceFirst("--.*$", ""))
			.reduce("", (all, line) -> all + line + "\n");
		return Arrays.stream(withoutComments.split(";")).map(String::strip).filter((sql) -> !sql.isEmpty()).toList();
	}

}
