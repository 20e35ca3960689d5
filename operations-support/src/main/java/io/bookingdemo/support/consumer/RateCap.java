package io.bookingdemo.support.consumer;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.ContainerOptions;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * The cap {@code messaging.listener.max-rate} puts on the messages a service instance
 * receives per second, across all its listener containers: a Bucket4j token bucket that
 * refills at the cap and holds a tenth of a second's worth of tokens, so that no second
 * sees more than the cap plus that tenth.
 */
final class RateCap implements BackPressureHandlerFactory {

	private final int maxRate;

	private final Bucket bucket;

	RateCap(int maxRate) {
		this(maxRate, TimeMeter.SYSTEM_NANOTIME);
	}

	RateCap(int maxRate, TimeMeter time) {
		this.maxRate = maxRate;
		this.bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(burst(maxRate)).refillGreedy(maxRate, Duration.ofSeconds(1)))
			.withCustomTimePrecision(time)
			.build();
	}

	/**
	 * The tokens the bucket holds when full: a tenth of the cap, at least one.
	 * @param maxRate the cap, in messages per second
	 * @return the burst
	 */
	static int burst(int maxRate) {
		return Math.max(1, maxRate / 10);
	}

	/**
	 * The cap.
	 * @return messages per second
	 */
	int maxRate() {
		return this.maxRate;
	}

	@Override
	public BackPressureHandler createBackPressureHandler(ContainerOptions<?, ?> options) {
		return handler(options.getMaxDelayBetweenPolls(), BlockingStrategy.PARKING);
	}

	RateCapBackPressureHandler handler(Duration maxWait, BlockingStrategy blocking) {
		return new RateCapBackPressureHandler(this.bucket, maxWait, blocking);
	}

}
