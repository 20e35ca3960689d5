package io.bookingdemo.support.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class ProcessedEventsIntegrationTests extends IntegrationTestSupport {

	private static final String TYPE = "WidgetShipped";

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private ProcessedEvents processedEvents;

	private TransactionTemplate transaction;

	@BeforeEach
	void createProcessedEvents() {
		this.processedEvents = new ProcessedEvents(this.jdbc, Clock.systemUTC());
		this.transaction = new TransactionTemplate(this.transactionManager);
	}

	@Test
	void runsTheEffectOfTwoDeliveriesOfOneEventOnce() {
		UUID eventId = UUID.randomUUID();
		AtomicInteger runs = new AtomicInteger();

		boolean first = runOnce(eventId, runs::incrementAndGet);
		boolean second = runOnce(eventId, runs::incrementAndGet);

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(runs).hasValue(1);
		assertThat(recorded(eventId)).isOne();
	}

	@Test
	void forgetsAnEventWhoseEffectFailedSoThatALaterDeliveryRunsIt() {
		UUID eventId = UUID.randomUUID();
		AtomicInteger runs = new AtomicInteger();

		assertThatIllegalStateException().isThrownBy(() -> runOnce(eventId, () -> {
			runs.incrementAndGet();
			throw new IllegalStateException("the ledger is closed");
		})).withMessage("the ledger is closed");
		assertThat(recorded(eventId)).as("recorded after the failure").isZero();

		assertThat(runOnce(eventId, runs::incrementAndGet)).isTrue();
		assertThat(runs).hasValue(2);
		assertThat(recorded(eventId)).isOne();
	}

	@Test
	void storesWhyAnEventWasIgnoredCutToTheColumnsWidth() {
		UUID eventId = UUID.randomUUID();
		String reason = "The widget was shipped before it was made; ".repeat(10);

		runOnce(eventId, () -> this.processedEvents.ignored(Map.of(eventId, reason)));

		assertThat(this.jdbc.sql("select ignored_because from processed_events where event_id = ?")
			.param(eventId)
			.query(String.class)
			.single()).hasSize(200).isEqualTo(reason.substring(0, 200));
	}

	@Test
	void claimsOnlyTheEventsOfABatchNotRecordedBefore() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		UUID third = UUID.randomUUID();

		Set<UUID> claimed = this.transaction
			.execute((status) -> this.processedEvents.claim(Map.of(first, TYPE, second, TYPE)));
		Set<UUID> claimedAgain = this.transaction
			.execute((status) -> this.processedEvents.claim(Map.of(second, TYPE, third, TYPE)));

		assertThat(claimed).containsExactlyInAnyOrder(first, second);
		assertThat(claimedAgain).containsExactly(third);
		assertThat(List.of(recorded(first), recorded(second), recorded(third))).containsOnly(1L);
	}

	@Test
	void runsTheEffectOnceWhenTwoDeliveriesOfOneEventRunConcurrently() throws Exception {
		UUID eventId = UUID.randomUUID();
		AtomicInteger runs = new AtomicInteger();
		CountDownLatch firstRunning = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		ExecutorService deliveries = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> first = deliveries.submit(() -> runOnce(eventId, () -> {
				runs.incrementAndGet();
				firstRunning.countDown();
				awaitQuietly(releaseFirst);
			}));
			assertThat(firstRunning.await(10, TimeUnit.SECONDS)).as("first delivery running").isTrue();
			long waitingBefore = sessionsWaitingForALock();
			Future<Boolean> second = deliveries.submit(() -> runOnce(eventId, runs::incrementAndGet));
			// The second delivery's insert waits on the row the first one has not
			// committed.
			await().atMost(Duration.ofSeconds(10)).until(() -> sessionsWaitingForALock() > waitingBefore);
			releaseFirst.countDown();

			assertThat(List.of(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS))).containsExactly(true,
					false);
		}
		finally {
			releaseFirst.countDown();
			deliveries.shutdownNow();
		}
		assertThat(runs).hasValue(1);
		assertThat(recorded(eventId)).isOne();
	}

	private boolean runOnce(UUID eventId, Runnable effect) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			if (!this.processedEvents.claim(Map.of(eventId, TYPE)).contains(eventId)) {
				return false;
			}
			effect.run();
			return true;
		}));
	}

	private long recorded(UUID eventId) {
		return this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

	private long sessionsWaitingForALock() {
		return this.jdbc.sql(
				"select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
			.query(Long.class)
			.single();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Not released within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
