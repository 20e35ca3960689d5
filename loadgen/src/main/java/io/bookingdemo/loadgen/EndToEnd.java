package io.bookingdemo.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.bookingdemo.loadgen.BookingSystem.Accepted;
import io.bookingdemo.loadgen.BookingSystem.Effect;
import org.HdrHistogram.Histogram;

/**
 * Follows the accepted bookings to every running consumer: waits until each booking has
 * its expected effects there, then counts every booking's effects once more and measures,
 * from the services' own timestamps, the time from its acceptance to its effect at each
 * consumer.
 */
final class EndToEnd {

	// Bookings looked up per consumer and round: a consumer that has them all is asked
	// for the next ones at once, one that lacks some is asked again half a second later,
	// so that waiting costs the services little while they work.
	private static final int ROUND = 64;

	private static final long PAUSE_NANOS = 500_000_000L;

	private static final int MAX_IN_FLIGHT = 32;

	private final BookingSystem system;

	private final Map<Stage, Integer> expected;

	private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

	EndToEnd(BookingSystem system, Map<Stage, Integer> expected) {
		this.system = system;
		this.expected = expected;
	}

	/**
	 * Waits until every booking has its expected effects at every consumer, or the time
	 * is up.
	 * @param bookings the accepted bookings
	 * @param timeout how long to wait at most
	 * @param progress told what is awaited, on every round
	 * @return when each consumer had them all, by stage; a stage that did not is absent
	 */
	Map<Stage, Instant> await(List<Accepted> bookings, Duration timeout, Consumer<String> progress) {
		Map<Stage, Deque<Accepted>> pending = new EnumMap<>(Stage.class);
		Map<Stage, Long> nextLook = new EnumMap<>(Stage.class);
		Map<Stage, Instant> finished = new EnumMap<>(Stage.class);
		this.expected.forEach((stage, count) -> {
			if (count > 0) {
				pending.put(stage, new ArrayDeque<>(bookings));
				nextLook.put(stage, 0L);
			}
		});
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!pending.isEmpty() && System.nanoTime() < deadline) {
			StringBuilder awaited = new StringBuilder("waiting");
			pending.forEach((stage, left) -> awaited.append(' ').append(stage.key()).append(':').append(left.size()));
			progress.accept(awaited.toString());
			long now = System.nanoTime();
			Map<Stage, List<Accepted>> batches = new EnumMap<>(Stage.class);
			pending.forEach((stage, left) -> {
				if (nextLook.get(stage) <= now) {
					batches.put(stage, left.stream().limit(ROUND).toList());
				}
			});
			if (batches.isEmpty()) {
				sleepNanos(nextLook.values().stream().min(Long::compare).orElse(now) - now);
				continue;
			}
			Map<Stage, List<CompletableFuture<Boolean>>> looks = new EnumMap<>(Stage.class);
			batches.forEach((stage, batch) -> looks.put(stage,
					batch.stream().map((booking) -> complete(stage, booking)).toList()));
			looks.forEach((stage, answers) -> {
				List<Accepted> batch = batches.get(stage);
				Deque<Accepted> left = pending.get(stage);
				boolean all = true;
				for (int i = 0; i < batch.size(); i++) {
					if (answers.get(i).join()) {
						left.remove(batch.get(i));
					}
					else {
						all = false;
					}
				}
				if (left.isEmpty()) {
					finished.put(stage, Instant.now());
					pending.remove(stage);
				}
				else {
					nextLook.put(stage, all ? 0L : System.nanoTime() + PAUSE_NANOS);
				}
			});
		}
		return finished;
	}

	private CompletableFuture<Boolean> complete(Stage stage, Accepted booking) {
		return look(stage, booking)
			.thenApply((effects) -> effects != null && effects.size() >= this.expected.get(stage));
	}

	private CompletableFuture<List<Effect>> look(Stage stage, Accepted booking) {
		this.inFlight.acquireUninterruptibly();
		return this.system.effects(stage, booking.id()).handle((effects, failure) -> {
			this.inFlight.release();
			return (failure != null) ? null : effects;
		});
	}

	/**
	 * Counts every booking's effects at every awaited consumer and measures the time from
	 * its acceptance to its last expected effect there.
	 * @param bookings the bookings to count
	 * @return one result per awaited stage
	 */
	Map<Stage, Result> count(List<Accepted> bookings) {
		Map<Stage, Result> results = new EnumMap<>(Stage.class);
		this.expected.forEach((stage, expectedCount) -> {
			if (expectedCount == 0) {
				return;
			}
			List<CompletableFuture<List<Effect>>> looks = bookings.stream()
				.map((booking) -> look(stage, booking))
				.toList();
			Result result = new Result(stage, expectedCount);
			for (int i = 0; i < bookings.size(); i++) {
				result.add(bookings.get(i), looks.get(i).join());
			}
			results.put(stage, result);
		});
		return results;
	}

	private static void sleepNanos(long nanos) {
		try {
			Thread.sleep(Math.max(1, nanos / 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the consumers", ex);
		}
	}

	/**
	 * What one consumer did with the bookings.
	 */
	static final class Result {

		final Stage stage;

		final int expected;

		long exactlyOnce;

		long missing;

		long duplicated;

		long unreadable;

		final Histogram endToEnd = new Histogram(3_600_000_000L, 3);

		// Every message the consumer handled (distinct events), at the time it recorded
		// the effect: its processing rate over time.
		final List<Instant> handled = new ArrayList<>();

		Instant first;

		Instant last;

		Result(Stage stage, int expected) {
			this.stage = stage;
			this.expected = expected;
		}

		void add(Accepted booking, List<Effect> effects) {
			if (effects == null) {
				this.unreadable++;
				return;
			}
			if (effects.size() < this.expected) {
				this.missing++;
			}
			else if (effects.size() > this.expected) {
				this.duplicated++;
			}
			else {
				this.exactlyOnce++;
			}
			if (effects.isEmpty()) {
				return;
			}
			effects.stream()
				.collect(java.util.stream.Collectors.toMap(Effect::event, Effect::at, (a, b) -> a.isBefore(b) ? a : b))
				.values()
				.forEach(this.handled::add);
			if (effects.size() >= this.expected) {
				Instant done = effects.stream().map(Effect::at).max(Comparator.naturalOrder()).orElseThrow();
				long micros = Math.max(0, Duration.between(booking.createdAt(), done).toNanos() / 1000);
				this.endToEnd.recordValue(Math.min(micros, this.endToEnd.getHighestTrackableValue()));
				this.first = (this.first == null || done.isBefore(this.first)) ? done : this.first;
				this.last = (this.last == null || done.isAfter(this.last)) ? done : this.last;
			}
		}

		long reached() {
			return this.exactlyOnce + this.duplicated;
		}

	}

}
