package io.bookingdemo.support.consumer;

import java.time.Duration;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;

/**
 * Lets a listener container receive a message only when a token bucket shared by the
 * service instance has a token for it, so that the instance processes at most
 * {@code messaging.listener.max-rate} messages per second and the rest stay visible in
 * the queue rather than waiting in flight.
 */
final class RateCapBackPressureHandler implements BackPressureHandler {

	private final Bucket bucket;

	private final Duration maxWait;

	private final BlockingStrategy blocking;

	/**
	 * A handler that takes its permits from the bucket.
	 * @param bucket the tokens, one per message received
	 * @param maxWait how long a request waits for its first token before it gets none and
	 * the container asks again
	 * @param blocking how that wait is done
	 */
	RateCapBackPressureHandler(Bucket bucket, Duration maxWait, BlockingStrategy blocking) {
		this.bucket = bucket;
		this.maxWait = maxWait;
		this.blocking = blocking;
	}

	/**
	 * Takes as many tokens as are there now, up to the amount; when there is none, waits
	 * for one, so that a receive asks SQS only for what may be processed now.
	 */
	@Override
	public int request(int amount) throws InterruptedException {
		if (amount <= 0) {
			return 0;
		}
		long taken = this.bucket.tryConsumeAsMuchAsPossible(amount);
		if (taken == 0 && this.bucket.asBlocking().tryConsume(1, this.maxWait, this.blocking)) {
			taken = 1 + this.bucket.tryConsumeAsMuchAsPossible(amount - 1L);
		}
		return Math.toIntExact(taken);
	}

	/**
	 * Gives back the tokens of messages that were not received (none or fewer in the
	 * queue, or another handler granted fewer); a processed message keeps its token.
	 */
	@Override
	public void release(int amount, ReleaseReason reason) {
		if (amount > 0 && reason != ReleaseReason.PROCESSED) {
			this.bucket.addTokens(amount);
		}
	}

	/**
	 * Nothing to wait for: the handler holds no messages, only the rate.
	 */
	@Override
	public boolean drain(Duration timeout) {
		return true;
	}

}
