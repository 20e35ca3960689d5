package io.bookingdemo.support.consumer;

import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;

class ListenerPauseTests {

	private final DataSource dataSource = mock(DataSource.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ListenerPause pause = new ListenerPause(this.dataSource, Duration.ofMillis(50), Clock.systemUTC(),
			this.registry);

	private final PausingBackPressureHandler backPressure = new PausingBackPressureHandler(this.pause,
			Duration.ofMillis(100));

	@AfterEach
	void stopProbing() {
		this.pause.destroy();
	}

	@Test
	void grantsEveryPermitWhileTheDatabaseAnswers() throws InterruptedException {
		assertThat(this.backPressure.request(10)).isEqualTo(10);
		assertThat(paused()).isZero();
	}

	@Test
	void grantsNoPermitUntilAProbeFindsTheDatabaseAnsweringAgain() throws Exception {
		given(this.dataSource.getConnection())
			.willThrow(new SQLTransientConnectionException("Connection is not available"));

		this.pause.pause(new SQLTransientConnectionException("Connection is not available"));

		assertThat(this.backPressure.request(10)).isZero();
		assertThat(paused()).isOne();
		Connection connection = mock(Connection.class);
		given(connection.isValid(anyInt())).willReturn(true);
		willReturn(connection).given(this.dataSource).getConnection();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.backPressure.request(10) == 10);
		assertThat(paused()).isZero();
	}

	@Test
	void pausesNothingWhenTheProbeFindsTheDatabaseAnsweringAfterAPoolTimeout() throws Exception {
		Connection connection = mock(Connection.class);
		given(connection.isValid(anyInt())).willReturn(true);
		given(this.dataSource.getConnection()).willReturn(connection);

		boolean paused = this.pause
			.pauseIfUnreachable(new SQLTransientConnectionException("Connection is not available"));

		assertThat(paused).isFalse();
		assertThat(this.backPressure.request(10)).isEqualTo(10);
		assertThat(paused()).isZero();
	}

	@Test
	void pausesWhenTheProbeCannotConnectEither() throws Exception {
		given(this.dataSource.getConnection()).willThrow(new SQLNonTransientConnectionException("Connection refused"));

		boolean paused = this.pause
			.pauseIfUnreachable(new SQLTransientConnectionException("Connection is not available"));

		assertThat(paused).isTrue();
		assertThat(this.backPressure.request(10)).isZero();
		assertThat(paused()).isOne();
	}

	private double paused() {
		return this.registry.get("messaging.listener.paused").gauge().value();
	}

}
