package io.bookingdemo.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

/**
 * Samples the run once a second, prints the progress line and keeps the samples for the
 * report and the chart.
 */
final class Timeline implements AutoCloseable {

	private final ApiStats api;

	private final LongAdder sent;

	private final Supplier<Map<String, Long>> backlog;

	private final List<Sample> samples = new ArrayList<>();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "timeline");
		thread.setDaemon(true);
		return thread;
	});

	private final long start;

	private volatile String phase = "sending";

	// On a terminal the progress line is redrawn every second; in a log, one line every
	// five seconds.
	private final boolean terminal = System.console() != null;

	private long lastSent;

	private long lastAccepted;

	private long lastRefused;

	Timeline(ApiStats api, LongAdder sent, Supplier<Map<String, Long>> backlog) {
		this.api = api;
		this.sent = sent;
		this.backlog = backlog;
		this.start = System.nanoTime();
		this.clock.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
	}

	void phase(String phase) {
		this.phase = phase;
	}

	private void sample() {
		try {
			long sentNow = this.sent.sum();
			long acceptedNow = this.api.accepted();
			long refusedNow = this.api.refusedTotal();
			Histogram lastSecond = this.api.sinceLastLook();
			Double p99 = (lastSecond.getTotalCount() > 0) ? lastSecond.getValueAtPercentile(99) / 1e6 : null;
			Map<String, Long> depths = this.backlog.get();
			Sample sample = new Sample((System.nanoTime() - this.start) / 1e9, sentNow - this.lastSent,
					acceptedNow - this.lastAccepted, refusedNow - this.lastRefused, p99, depths);
			synchronized (this.samples) {
				this.samples.add(sample);
			}
			this.lastSent = sentNow;
			this.lastAccepted = acceptedNow;
			this.lastRefused = refusedNow;
			long queued = depths.entrySet()
				.stream()
				.filter((depth) -> !Backlog.isDeadLetterQueue(depth.getKey()))
				.mapToLong(Map.Entry::getValue)
				.sum();
			if (!this.terminal && this.samples.size() % 5 != 0) {
				return;
			}
			System.out.printf("%s%-9s %5.0fs  sent %d  accepted %d  refused %d  rate %d/s  p99(1s) %s  backlog %d   %s",
					this.terminal ? "\r" : "", this.phase, sample.second(), sentNow, acceptedNow, refusedNow,
					sample.offered(), (p99 == null) ? "-" : String.format("%.0f ms", p99), queued,
					this.terminal ? "" : "\n");
			System.out.flush();
		}
		catch (RuntimeException ex) {
			System.err.println("\nsampling failed: " + ex);
		}
	}

	List<Sample> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

	@Override
	public void close() {
		this.clock.shutdownNow();
		if (this.terminal) {
			System.out.println();
		}
	}

	/**
	 * One second of the run.
	 *
	 * @param second seconds since the start, at the end of the sample
	 * @param offered requests sent in that second
	 * @param accepted bookings accepted in that second
	 * @param refused requests refused or failed in that second
	 * @param apiP99Ms the 99th percentile of the latencies answered in that second
	 * @param backlog each queue's messages, visible and in flight, as last reported
	 */
	record Sample(double second, long offered, long accepted, long refused, Double apiP99Ms,
			Map<String, Long> backlog) {
	}

}
