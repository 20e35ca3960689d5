package io.bookingdemo.loadgen;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends requests on a fixed schedule, whatever the server answers, and charges each
 * response's latency from the time its request was due rather than from the time it left,
 * so that a slow server cannot hide its slowness by slowing the sender down (no
 * coordinated omission).
 */
final class OpenLoop {

	private final double rate;

	private final long count;

	private final long maxDurationNanos;

	private final Semaphore inFlight;

	private final Ticker ticker;

	/**
	 * Creates a schedule.
	 * @param rate requests per second
	 * @param count the number of requests, at most
	 * @param maxDuration no request is due later than this after the start
	 * @param maxInFlight requests awaiting their response at most; the next request waits
	 * for a free slot and is still charged from its due time
	 * @param ticker the clock
	 */
	OpenLoop(double rate, long count, Duration maxDuration, int maxInFlight, Ticker ticker) {
		if (rate <= 0 || count <= 0) {
			throw new IllegalArgumentException("rate and count must be positive");
		}
		this.rate = rate;
		this.count = count;
		this.maxDurationNanos = maxDuration.toNanos();
		this.inFlight = new Semaphore(maxInFlight);
		this.ticker = ticker;
	}

	/**
	 * When the request of the given index is due, in nanoseconds after the start.
	 * @param index the request's index, from zero
	 * @return its offset from the start
	 */
	long dueOffset(long index) {
		return Math.round(index * 1_000_000_000d / this.rate);
	}

	/**
	 * How many requests the schedule holds: the count, or fewer if the duration ends
	 * first.
	 * @return the number of requests that will be sent
	 */
	long scheduled() {
		long withinDuration = (long) Math.floor(this.maxDurationNanos * this.rate / 1_000_000_000d) + 1;
		return Math.min(this.count, withinDuration);
	}

	/**
	 * Sends every request when it is due and returns once each has been answered or
	 * failed.
	 * @param sender sends one request
	 * @param outcomes told of each outcome, with its latency from its due time
	 * @param start the ticker's time at which the first request is due
	 * @throws InterruptedException if interrupted while waiting
	 */
	void run(Sender sender, Outcomes outcomes, long start) throws InterruptedException {
		long total = scheduled();
		CompletableFuture<?>[] pending = new CompletableFuture<?>[(int) total];
		for (long next = 0; next < total; next++) {
			long index = next;
			long due = start + dueOffset(index);
			this.ticker.sleepUntil(due);
			this.inFlight.acquire();
			long sentLate = this.ticker.nanoTime() - due;
			pending[(int) index] = sender.send(index).handle((status, failure) -> {
				this.inFlight.release();
				long latency = this.ticker.nanoTime() - due;
				outcomes.answered(index, due, latency, (failure != null) ? -1 : status, sentLate);
				return null;
			});
		}
		CompletableFuture.allOf(pending).join();
	}

	/**
	 * Sends one request.
	 */
	@FunctionalInterface
	interface Sender {

		/**
		 * Sends the request of the given index.
		 * @param index the request's index
		 * @return its HTTP status, or a failure
		 */
		CompletableFuture<Integer> send(long index);

	}

	/**
	 * Told of each outcome.
	 */
	@FunctionalInterface
	interface Outcomes {

		/**
		 * One request was answered or failed.
		 * @param index the request's index
		 * @param due when it was due, on the ticker
		 * @param latencyNanos from its due time to its answer
		 * @param status its HTTP status, -1 if it failed without one
		 * @param sentLateNanos how long after its due time it left
		 */
		void answered(long index, long due, long latencyNanos, int status, long sentLateNanos);

	}

	/**
	 * A monotonic clock that can wait.
	 */
	interface Ticker {

		/** The system's monotonic clock. */
		Ticker SYSTEM = new Ticker() {

			@Override
			public long nanoTime() {
				return System.nanoTime();
			}

			@Override
			public void sleepUntil(long nanoTime) throws InterruptedException {
				long left;
				while ((left = nanoTime - System.nanoTime()) > 0) {
					LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
					if (Thread.interrupted()) {
						throw new InterruptedException();
					}
				}
			}

		};

		long nanoTime();

		void sleepUntil(long nanoTime) throws InterruptedException;

	}

}
