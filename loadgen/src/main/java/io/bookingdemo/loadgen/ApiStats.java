package io.bookingdemo.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The API's side of a run: how many requests were answered with which status, and the
 * distribution of their latencies, over the whole run and since the last look.
 */
final class ApiStats implements OpenLoop.Outcomes {

	private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

	private final Recorder interval = new Recorder(HIGHEST_NANOS, 3);

	private final Histogram total = new Histogram(HIGHEST_NANOS, 3);

	private final Histogram lateness = new Histogram(HIGHEST_NANOS, 3);

	private final LongAdder answered = new LongAdder();

	private final LongAdder accepted = new LongAdder();

	private final Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();

	private Histogram recycled;

	@Override
	public void answered(long index, long due, long latencyNanos, int status, long sentLateNanos) {
		long latency = Math.min(Math.max(latencyNanos, 0), HIGHEST_NANOS);
		this.interval.recordValue(latency);
		synchronized (this.total) {
			this.total.recordValue(latency);
			this.lateness.recordValue(Math.min(Math.max(sentLateNanos, 0), HIGHEST_NANOS));
		}
		if (status == 201) {
			this.accepted.increment();
		}
		else {
			this.refused.computeIfAbsent(status, (key) -> new LongAdder()).increment();
		}
		this.answered.increment();
	}

	/**
	 * The latencies recorded since the previous call.
	 * @return a histogram of nanoseconds, valid until the next call
	 */
	synchronized Histogram sinceLastLook() {
		this.recycled = this.interval.getIntervalHistogram(this.recycled);
		return this.recycled;
	}

	/**
	 * A copy of all latencies recorded so far.
	 * @return a histogram of nanoseconds
	 */
	Histogram total() {
		synchronized (this.total) {
			return this.total.copy();
		}
	}

	/**
	 * How late after their due time the requests left the generator: near zero unless the
	 * generator itself, or the in-flight limit, fell behind.
	 * @return a histogram of nanoseconds
	 */
	Histogram lateness() {
		synchronized (this.total) {
			return this.lateness.copy();
		}
	}

	long answered() {
		return this.answered.sum();
	}

	long accepted() {
		return this.accepted.sum();
	}

	/**
	 * The answers other than 201 Created, by status; -1 counts requests that failed
	 * without an answer.
	 * @return counts by status
	 */
	Map<Integer, Long> refused() {
		Map<Integer, Long> counts = new TreeMap<>();
		this.refused.forEach((status, count) -> counts.put(status, count.sum()));
		return counts;
	}

	long refusedTotal() {
		return this.refused.values().stream().mapToLong(LongAdder::sum).sum();
	}

}
