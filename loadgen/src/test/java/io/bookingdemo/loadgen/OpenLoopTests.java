package io.bookingdemo.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The open loop's schedule and latency accounting, on a clock the test moves.
 */
class OpenLoopTests {

	private static final long MS = 1_000_000L;

	@Test
	void spacesRequestsEvenlyAtTheRequestedRate() {
		OpenLoop loop = new OpenLoop(200, 5, Duration.ofMinutes(1), 10, new ManualTicker());

		assertThat(List.of(loop.dueOffset(0), loop.dueOffset(1), loop.dueOffset(4))).containsExactly(0L, 5 * MS,
				20 * MS);
	}

	@Test
	void stopsAtTheCountOrTheDurationWhicheverComesFirst() {
		ManualTicker ticker = new ManualTicker();

		assertThat(new OpenLoop(100, 50, Duration.ofSeconds(10), 10, ticker).scheduled()).isEqualTo(50);
		assertThat(new OpenLoop(100, 5000, Duration.ofSeconds(2), 10, ticker).scheduled()).isEqualTo(201);
	}

	@Test
	void sendsEachRequestWhenDueWithoutWaitingForEarlierAnswers() throws InterruptedException {
		ManualTicker ticker = new ManualTicker();
		// Written by the sender thread, read by this one.
		List<Long> sentAt = new CopyOnWriteArrayList<>();
		List<CompletableFuture<Integer>> answers = new CopyOnWriteArrayList<>();
		OpenLoop loop = new OpenLoop(10, 3, Duration.ofMinutes(1), 10, ticker);

		Thread sender = new Thread(() -> {
			try {
				loop.run((index) -> {
					sentAt.add(ticker.nanoTime());
					CompletableFuture<Integer> answer = new CompletableFuture<>();
					answers.add(answer);
					return answer;
				}, (index, due, latency, status, late) -> {
				}, 0);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		sender.start();

		// No request was answered, yet all three left on time: the third leaves just
		// after
		// the sender's third sleep, so it is awaited rather than read at once.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(sentAt).containsExactly(0L, 100 * MS, 200 * MS));
		answers.forEach((answer) -> answer.complete(201));
		sender.join(10_000);
		assertThat(sender.isAlive()).isFalse();
	}

	@Test
	void chargesLatencyFromTheDueTimeNotFromTheTimeTheRequestLeft() throws InterruptedException {
		ManualTicker ticker = new ManualTicker();
		Map<Long, Long> latencies = new TreeMap<>();
		Map<Long, Long> lateness = new TreeMap<>();
		// The first answer takes 450 ms, long after the second request was due: the
		// second
		// leaves late and is charged from its due time, as it would be behind a stalled
		// server.
		OpenLoop loop = new OpenLoop(10, 2, Duration.ofMinutes(1), 1, ticker);

		loop.run((index) -> {
			if (index == 0) {
				ticker.advanceTo(450 * MS);
				return CompletableFuture.completedFuture(201);
			}
			ticker.advanceTo(470 * MS);
			return CompletableFuture.completedFuture(503);
		}, (index, due, latency, status, late) -> {
			latencies.put(index, latency);
			lateness.put(index, late);
		}, 0);

		assertThat(latencies).containsEntry(0L, 450 * MS).containsEntry(1L, 370 * MS);
		assertThat(lateness).containsEntry(0L, 0L).containsEntry(1L, 350 * MS);
	}

	@Test
	void countsAnswersByStatusAndRecordsTheirLatencies() {
		ApiStats stats = new ApiStats();

		stats.answered(0, 0, 10 * MS, 201, 0);
		stats.answered(1, 0, 20 * MS, 201, 0);
		stats.answered(2, 0, 900 * MS, 503, 0);
		stats.answered(3, 0, 30_000 * MS, -1, 0);

		assertThat(stats.accepted()).isEqualTo(2);
		assertThat(stats.refused()).containsEntry(503, 1L).containsEntry(-1, 1L);
		assertThat(stats.total().getMaxValue() / MS).isBetween(29_900L, 30_100L);
		assertThat(stats.sinceLastLook().getTotalCount()).isEqualTo(4);
		assertThat(stats.sinceLastLook().getTotalCount()).isZero();
	}

	/**
	 * A clock that moves only when told, or when the loop sleeps until a time.
	 */
	static final class ManualTicker implements OpenLoop.Ticker {

		private long now;

		@Override
		public synchronized long nanoTime() {
			return this.now;
		}

		@Override
		public synchronized void sleepUntil(long nanoTime) {
			this.now = Math.max(this.now, nanoTime);
		}

		synchronized void advanceTo(long nanoTime) {
			this.now = Math.max(this.now, nanoTime);
		}

	}

}
