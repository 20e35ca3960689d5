package io.bookingdemo.testsupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Reads a consumer's {@code events.processing} histogram, for tests that check a kind of
 * message is handled, or refused, in milliseconds rather than minutes.
 */
public final class ProcessingTimes {

	private ProcessingTimes() {
	}

	/**
	 * Counts the deliveries of an event type on a queue, successful or not, that took
	 * longer than the histogram's largest bucket within a limit; compare the counts
	 * before and after what is tested.
	 * @param registry the service's meters
	 * @param queue the queue
	 * @param eventType the event type's wire name, as its messages' attribute says
	 * @param limit the longest a delivery may take not to be counted
	 * @return the deliveries slower than the limit so far
	 */
	public static long slowerThan(MeterRegistry registry, String queue, String eventType, Duration limit) {
		Timer timer = registry.find("events.processing").tags("queue", queue, "event.type", eventType).timer();
		if (timer == null) {
			return 0;
		}
		HistogramSnapshot snapshot = timer.takeSnapshot();
		double withinLimit = Arrays.stream(snapshot.histogramCounts())
			.filter((bucket) -> bucket.bucket(TimeUnit.NANOSECONDS) <= limit.toNanos())
			.mapToDouble(CountAtBucket::count)
			.max()
			.orElse(0);
		return snapshot.count() - (long) withinLimit;
	}

}
