package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.SupportTestApplication;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pool whose every connection is held by slow queries while messages arrive is load,
 * not an outage: the listeners go on, the messages wait in place for a connection, hidden
 * by the heartbeat, and are applied once each when the queries end, none dead-lettered,
 * though they wait longer than the queue's visibility timeout and a second receive would
 * dead-letter them.
 */
@SpringBootTest(classes = { SupportTestApplication.class, BusyPoolIntegrationTests.ReceiveCounts.class },
		properties = { "spring.datasource.hikari.maximum-pool-size=" + BusyPoolIntegrationTests.POOL_SIZE,
				"spring.datasource.hikari.connection-timeout=500", "messaging.listener.heartbeat.interval=1s",
				"messaging.listener.heartbeat.extension=5s", "messaging.database.statement-timeout=20s" })
@ExtendWith(OutputCaptureExtension.class)
class BusyPoolIntegrationTests {

	static final int POOL_SIZE = 4;

	// Longer than the queue's visibility timeout, and many times the pool's timeout.
	private static final Duration SLOW_QUERY = Duration.ofSeconds(8);

	private static final int MESSAGES = 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ExecutorService slowQueries = Executors.newFixedThreadPool(POOL_SIZE);

	// The pool behind the proxy that traces its statements.
	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ListenerPause pause;

	@Autowired
	private WidgetListener listener;

	@Autowired
	private ReceiveCounts receiveCounts;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestTopology.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("messaging.queue", () -> TestTopology.BUSY_POOL_QUEUE);
	}

	@AfterEach
	void stopSlowQueries() {
		this.slowQueries.shutdownNow();
	}

	@Test
	void waitsForAConnectionWithoutPausingTheListenersOrDeadLetteringAnything(CapturedOutput output) {
		List<CompletableFuture<Void>> held = IntStream.range(0, POOL_SIZE)
			.mapToObj((index) -> CompletableFuture.runAsync(
					() -> this.jdbc.sql("select pg_sleep(?)").param(SLOW_QUERY.toSeconds()).query().singleValue(),
					this.slowQueries))
			.toList();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.dataSource.unwrap(HikariDataSource.class)
				.getHikariPoolMXBean()
				.getActiveConnections() == POOL_SIZE);
		List<WidgetShipped> events = IntStream.range(0, MESSAGES)
			.mapToObj((index) -> WidgetShipped.aWidgetShipped("1.00"))
			.toList();
		for (int from = 0; from < MESSAGES; from += 10) {
			TestTopology.sendBatch(TestTopology.BUSY_POOL_QUEUE,
					events.subList(from, from + 10)
						.stream()
						.map((event) -> Map.entry(JSON.writeValueAsString(event),
								Map.of("eventType", event.eventType(), "eventVersion",
										String.valueOf(event.eventVersion()), "eventId", event.eventId().toString())))
						.toList());
		}

		await().during(SLOW_QUERY.minusSeconds(3))
			.atMost(SLOW_QUERY.plusSeconds(5))
			.until(() -> !this.pause.isPaused() && held.stream().noneMatch(CompletableFuture::isDone));
		CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).join();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(events)
				.allSatisfy((event) -> assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1)));
		await().atMost(Duration.ofSeconds(15)).until(() -> TestTopology.messagesIn(TestTopology.BUSY_POOL_QUEUE) == 0);
		assertThat(TestTopology.messagesIn(TestTopology.BUSY_POOL_DEAD_LETTER_QUEUE)).as("dead-lettered").isZero();
		assertThat(this.receiveCounts.all()).as("each message processed on its first receive")
			.hasSize(MESSAGES)
			.containsOnly(1);
		assertThat(this.pause.isPaused()).isFalse();
		assertThat(output.getOut()).contains("tries for a connection of the busy pool")
			.doesNotContain("Database out of reach");
	}

	@Test
	void setsTheConfiguredStatementTimeoutAndTheDefaultLockTimeout() {
		assertThat(this.jdbc.sql("show statement_timeout").query(String.class).single()).isEqualTo("20s");
		assertThat(this.jdbc.sql("show lock_timeout").query(String.class).single()).isEqualTo("5s");
	}

	/** Records how often SQS had delivered each message the consumer processed. */
	@TestConfiguration
	static class ReceiveCounts {

		private final Collection<Integer> receiveCounts = new ConcurrentLinkedQueue<>();

		@Bean
		EventObserver receiveCountRecorder() {
			return (batch) -> batch
				.forEach((consumed) -> this.receiveCounts.add(Integer.parseInt(String.valueOf(consumed.message()
					.getHeaders()
					.get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT)))));
		}

		List<Integer> all() {
			return List.copyOf(this.receiveCounts);
		}

	}

}
