package io.bookingdemo.booking.bookings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.database.BatchedDelete;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first response to each {@code Idempotency-Key}, kept at least for the configured
 * retention, so that a client's retry gets that response instead of a second booking.
 */
@Component
class IdempotencyKeys {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyKeys.class);

	// A thousand keys per statement: a backlog of expired keys never makes one delete
	// that outlasts the statement timeout or holds many locks.
	private static final int PURGE_BATCH = 1000;

	private final JdbcClient jdbc;

	private final BatchedDelete purge;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration retention;

	IdempotencyKeys(JdbcClient jdbc, JsonMapper json, Clock clock,
			@Value("${booking.idempotency.retention}") Duration retention) {
		this.jdbc = jdbc;
		this.purge = new BatchedDelete(jdbc, "idempotency_keys", "idempotency_key", "created_at", PURGE_BATCH);
		this.json = json;
		this.clock = clock;
		this.retention = retention;
	}

	/**
	 * Claims a key for a request with the response it will get, or finds the response of
	 * the key's earlier use. The response is stored with the claim, in one statement, and
	 * leaves with it if the transaction rolls back. A concurrent claim of the same key
	 * waits for the first one's transaction to end.
	 * @param key the client's key
	 * @param request the request made with it
	 * @param response the response this request gets if it claims the key
	 * @return the earlier response, or empty if this request claimed the key
	 * @throws IdempotencyKeyReusedException if the key was used with another body
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<BookingResponse> claim(String key, CreateBookingRequest request, BookingResponse response) {
		String hash = hash(request);
		int claimed = this.jdbc
			.sql("insert into idempotency_keys (idempotency_key, request_hash, response, created_at) "
					+ "values (?, ?, ?, ?) on conflict (idempotency_key) do nothing")
			.params(key, hash, this.json.writeValueAsString(response), Timestamp.from(this.clock.instant()))
			.update();
		if (claimed == 1) {
			return Optional.empty();
		}
		Earlier earlier = this.jdbc.sql("select request_hash, response from idempotency_keys where idempotency_key = ?")
			.param(key)
			.query(Earlier.class)
			.single();
		if (!earlier.requestHash().equals(hash)) {
			throw new IdempotencyKeyReusedException(key);
		}
		return Optional.of(this.json.readValue(earlier.response(), BookingResponse.class));
	}

	@Scheduled(fixedDelayString = "${booking.idempotency.purge-interval}")
	void purgeExpired() {
		int purged = this.purge.before(this.clock.instant().minus(this.retention));
		if (purged > 0) {
			logger.info("Purged {} idempotency keys older than {}", purged, this.retention);
		}
	}

	// The parsed request, not the raw bytes, so that whitespace or key order do not make
	// a retry look like a different request.
	private String hash(CreateBookingRequest request) {
		try {
			byte[] canonical = this.json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

	private record Earlier(String requestHash, String response) {
	}

}
