package io.bookingdemo.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfrastructureTests {

	private final LocalInfrastructure infrastructure = LocalInfrastructure.shared();

	@Test
	void namesTheBackendsItRunsOnWithTheirVersions() {
		assertThat(this.infrastructure.backends())
			.matches("messaging=.+ at http://[^ ,]+( \\(.+\\))?, postgres=.*PostgreSQL \\d+(\\.\\d+)?.*");
	}

	@Test
	void pointsAServiceAtADatabaseOfItsOwnAndAtTheEmulator() throws SQLException {
		Map<String, String> properties = this.infrastructure.springProperties("inventory");

		assertThat(properties).containsEntry("spring.datasource.username", "inventory")
			.containsEntry("spring.datasource.password", "inventory")
			.containsEntry("spring.cloud.aws.endpoint", this.infrastructure.emulator().endpoint().toString())
			.containsEntry("spring.cloud.aws.region.static", this.infrastructure.emulator().region());
		try (Connection connection = DriverManager.getConnection(properties.get("spring.datasource.url"), "inventory",
				"inventory");
				Statement statement = connection.createStatement();
				ResultSet database = statement.executeQuery("select current_database(), current_user")) {
			assertThat(database.next()).isTrue();
			assertThat(database.getString(1)).isEqualTo("inventory");
			assertThat(database.getString(2)).isEqualTo("inventory");
		}
		assertThat(this.infrastructure.springProperties("inventory")).as("the same database on a second call")
			.isEqualTo(properties);
	}

}
