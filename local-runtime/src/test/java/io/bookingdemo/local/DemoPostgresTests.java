package io.bookingdemo.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPostgresTests {

	@Test
	void splitsTheInitScriptIntoItsStatementsWithoutComments() throws IOException {
		String script = Files.readString(Path.of("../infra/postgres/create-databases.sql"));

		assertThat(DemoPostgres.statements(script)).hasSize(8)
			.startsWith("create role booking login password 'booking'", "create database booking owner booking")
			.noneMatch((statement) -> statement.contains("--") || statement.contains(";"));
	}

	@Test
	void dropsCommentsAtTheEndOfALine() {
		assertThat(DemoPostgres.statements("create role a; -- the first\n-- only a comment\ncreate role b;\n"))
			.containsExactly("create role a", "create role b");
	}

}
