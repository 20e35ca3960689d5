package io.bookingdemo.support.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Counts rejected tokens per client address, one Bucket4j token bucket each, so that a
 * client that keeps sending bad tokens is turned away before its tokens cost a signature
 * check.
 */
class FailedAuthentications {

	private final int perMinute;

	private final TimeMeter time;

	private final Map<String, Bucket> buckets;

	FailedAuthentications(int perMinute, int trackedClients, TimeMeter time) {
		this.perMinute = perMinute;
		this.time = time;
		// Least recently used first, so that addresses made up by an attacker push out
		// each other rather than growing the map.
		this.buckets = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > trackedClients;
			}

		};
	}

	/**
	 * Counts one rejected token of a client.
	 * @param client the client's address
	 */
	void record(String client) {
		synchronized (this.buckets) {
			this.buckets.computeIfAbsent(client, (address) -> newBucket()).tryConsume(1);
		}
	}

	/**
	 * How long a client must wait before its requests are checked again.
	 * @param client the client's address
	 * @return the wait, or empty if the client is under the limit
	 */
	OptionalLong blockedForSeconds(String client) {
		Bucket bucket;
		synchronized (this.buckets) {
			bucket = this.buckets.get(client);
		}
		if (bucket == null || bucket.getAvailableTokens() > 0) {
			return OptionalLong.empty();
		}
		long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
		return OptionalLong.of(Math.max(1, Duration.ofNanos(nanos).toSeconds() + 1));
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.perMinute).refillGreedy(this.perMinute, Duration.ofMinutes(1)))
			.withCustomTimePrecision(this.time)
			.build();
	}

}
