package io.bookingdemo.support.consumer;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutagesTests {

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of("pool timeout in a listener",
						new ListenerExecutionFailedException("listener failed",
								new CannotCreateTransactionException("Could not open JPA EntityManager",
										new SQLTransientConnectionException("Connection is not available")),
								List.of()),
						true),
				Arguments.of("connection refused",
						new CannotGetJdbcConnectionException("Failed to obtain",
								new SQLException("Connection to localhost:5432 refused", "08001")),
						true),
				Arguments.of("cut mid-transaction",
						new RuntimeException(new SQLException("An I/O error occurred", "08006")), true),
				Arguments.of("server shutting down",
						new RuntimeException(new SQLException("terminating connection", "57P01")), true),
				Arguments.of("server starting up",
						new RuntimeException(new SQLException("the database system is starting up", "57P03")), true),
				Arguments.of("constraint violated",
						new DataIntegrityViolationException("duplicate key",
								new SQLException("duplicate key", "23505")),
						false),
				Arguments.of("unreadable message", new UnprocessableMessageException("The message is not JSON"), false),
				Arguments.of("state without a code", new RuntimeException(new SQLException("no state")), false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void tellsAnOutageOfTheDatabaseFromAFailureOfTheMessage(String failure, Throwable exception, boolean outage) {
		assertThat(DatabaseOutages.isOutage(exception)).isEqualTo(outage);
	}

}
