package io.bookingdemo.support.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestTopology;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The statement and lock timeouts set on a real pool's connections, against PostgreSQL.
 */
class DatabaseTimeoutsIntegrationTests {

	private static final MessagingProperties.Database LIMITS = new MessagingProperties.Database(Duration.ofSeconds(1),
			Duration.ofMillis(300));

	private final HikariDataSource pool = aPool("set application_name = 'timeouts-test'");

	private final JdbcClient jdbc = JdbcClient.create(this.pool);

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void cancelsAStatementThatRunsLongerThanTheStatementTimeout() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
			try (Connection connection = this.pool.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("select pg_sleep(3)");
			}
		}).satisfies((ex) -> assertThat(ex.getSQLState()).as("query_canceled").isEqualTo("57014"));
	}

	@Test
	void failsAStatementThatWaitsForALockLongerThanTheLockTimeout() throws SQLException {
		this.jdbc.sql("create table if not exists timeouts_locked (id int primary key)").update();
		try (Connection holder = this.pool.getConnection(); Statement lock = holder.createStatement()) {
			holder.setAutoCommit(false);
			lock.execute("lock table timeouts_locked in access exclusive mode");

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
				try (Connection waiter = this.pool.getConnection(); Statement read = waiter.createStatement()) {
					read.execute("select count(*) from timeouts_locked");
				}
			}).satisfies((ex) -> assertThat(ex.getSQLState()).as("lock_not_available").isEqualTo("55P03"));
			holder.rollback();
		}
	}

	@Test
	void runsTheServicesOwnInitStatementAfterTheTimeouts() {
		assertThat(this.jdbc.sql("show application_name").query(String.class).single()).isEqualTo("timeouts-test");
		assertThat(this.jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("1s");
		assertThat(this.jdbc.sql("show lock_timeout").query(String.class).single()).isEqualTo("300ms");
	}

	private static HikariDataSource aPool(String ownInitSql) {
		Map<String, String> properties = TestTopology.infrastructure().springProperties("support_timeouts");
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(properties.get("spring.datasource.url"));
		pool.setUsername(properties.get("spring.datasource.username"));
		pool.setPassword(properties.get("spring.datasource.password"));
		pool.setMaximumPoolSize(2);
		pool.setConnectionInitSql(ownInitSql);
		return (HikariDataSource) new DatabaseTimeouts(() -> LIMITS).postProcessAfterInitialization(pool, "dataSource");
	}

}
