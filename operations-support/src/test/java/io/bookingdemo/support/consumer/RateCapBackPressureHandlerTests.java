package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandler.ReleaseReason;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateCapBackPressureHandlerTests {

	private static final int BATCH = 10;

	private final FakeTime time = new FakeTime();

	@Test
	void grantsTheBurstAtOnceThenWaitsForTheNextToken() throws InterruptedException {
		RateCapBackPressureHandler handler = new RateCap(20, this.time).handler(Duration.ofSeconds(10), this.time);

		assertThat(handler.request(BATCH)).as("the burst, a tenth of the cap").isEqualTo(2);
		assertThat(handler.request(BATCH)).as("one token, waited for").isEqualTo(1);
		assertThat(this.time.parks).containsExactly(Duration.ofMillis(50).toNanos());
	}

	@Test
	void neverGrantsMoreThanTheCapPlusTheBurstInASecond() throws InterruptedException {
		RateCapBackPressureHandler handler = new RateCap(50, this.time).handler(Duration.ofSeconds(10), this.time);

		int granted = 0;
		while (this.time.now < Duration.ofSeconds(1).toNanos()) {
			granted += handler.request(BATCH);
		}

		assertThat(granted).isBetween(50, 50 + RateCap.burst(50));
	}

	@Test
	void takesBackTheTokensOfMessagesThatWereNotReceived() throws InterruptedException {
		RateCapBackPressureHandler handler = new RateCap(30, this.time).handler(Duration.ofSeconds(10), this.time);

		assertThat(handler.request(BATCH)).isEqualTo(3);
		handler.release(3, ReleaseReason.NONE_FETCHED);
		assertThat(handler.request(BATCH)).isEqualTo(3);
		handler.release(1, ReleaseReason.PARTIAL_FETCH);
		handler.release(0, ReleaseReason.LIMITED);
		assertThat(handler.request(BATCH)).isEqualTo(1);

		assertThat(this.time.parks).as("waits").isEmpty();
	}

	@Test
	void keepsTheTokenOfAProcessedMessage() throws InterruptedException {
		RateCapBackPressureHandler handler = new RateCap(10, this.time).handler(Duration.ofSeconds(10), this.time);

		assertThat(handler.request(BATCH)).isEqualTo(1);
		handler.release(1, ReleaseReason.PROCESSED);
		assertThat(handler.request(BATCH)).isEqualTo(1);

		assertThat(this.time.parks).containsExactly(Duration.ofMillis(100).toNanos());
	}

	@Test
	void grantsNothingWhenNoTokenComesWithinTheWait() throws InterruptedException {
		RateCapBackPressureHandler handler = new RateCap(1, this.time).handler(Duration.ofMillis(500), this.time);

		assertThat(handler.request(BATCH)).isEqualTo(1);
		assertThat(handler.request(BATCH)).isZero();
		assertThat(handler.request(0)).isZero();
	}

	@Test
	void sharesOneBucketBetweenTheContainersOfAnInstance() throws InterruptedException {
		RateCap cap = new RateCap(40, this.time);
		RateCapBackPressureHandler first = cap.handler(Duration.ofSeconds(10), this.time);
		RateCapBackPressureHandler second = cap.handler(Duration.ofSeconds(10), this.time);

		assertThat(first.request(BATCH)).isEqualTo(4);
		assertThat(second.request(BATCH)).as("after a wait of one token").isEqualTo(1);
		assertThat(first.drain(Duration.ZERO)).isTrue();
	}

	/** A clock that moves only when the handler waits, by exactly the wait. */
	private static final class FakeTime implements TimeMeter, BlockingStrategy {

		private long now;

		private final List<Long> parks = new ArrayList<>();

		@Override
		public long currentTimeNanos() {
			return this.now;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

		@Override
		public void park(long nanosToPark) {
			this.parks.add(nanosToPark);
			this.now += nanosToPark;
		}

	}

}
