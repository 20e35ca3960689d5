package io.bookingdemo.support.consumer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.bookingdemo.support.database.BatchedDelete;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The record of the events already processed, {@code processed_events}, keyed by event
 * id: the {@link EventConsumer} claims a batch's events in it in the transaction that
 * applies them, so that an event already claimed is skipped and SQS's at-least-once
 * delivery has its effect exactly once.
 */
class ProcessedEvents {

	// The column's width.
	private static final int LONGEST_REASON = 200;

	private final JdbcClient jdbc;

	private final Clock clock;

	ProcessedEvents(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records events as processed, in one statement, unless they were before; it runs in
	 * the transaction that applies them, so that a rollback takes the records back too.
	 * @param events the events' types by id
	 * @return the ids of the events recorded now, the ones to apply
	 */
	Set<UUID> claim(Map<UUID, String> events) {
		if (events.isEmpty()) {
			return Set.of();
		}
		// Rows are locked in id order, so that two batches that share events cannot
		// deadlock; a concurrent delivery of the same event waits on its row until the
		// first commits, then inserts nothing.
		Map<UUID, String> ordered = new TreeMap<>(events);
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Object> params = new ArrayList<>();
		List<String> rows = new ArrayList<>();
		ordered.forEach((eventId, eventType) -> {
			rows.add("(?, ?, ?)");
			params.addAll(List.of(eventId, eventType, now));
		});
		return new HashSet<>(this.jdbc
			.sql("insert into processed_events (event_id, event_type, processed_at) values " + String.join(", ", rows)
					+ " on conflict (event_id) do nothing returning event_id")
			.params(params)
			.query(UUID.class)
			.list());
	}

	/**
	 * Deletes the records older than {@code before}, {@code batchSize} at a time; a
	 * record a transaction is claiming is left for the next purge.
	 * @param before the oldest processing time kept
	 * @param batchSize the most records one statement deletes
	 * @return the records deleted
	 */
	int purge(Instant before, int batchSize) {
		return new BatchedDelete(this.jdbc, "processed_events", "event_id", "processed_at", batchSize).before(before);
	}

	/**
	 * Notes why events recorded as processed had no effect, for an operator to read; it
	 * runs in the transaction that recorded them.
	 * @param reasons the reasons by event id
	 */
	void ignored(Map<UUID, String> reasons) {
		reasons.forEach(
				(eventId, reason) -> this.jdbc.sql("update processed_events set ignored_because = ? where event_id = ?")
					.params(reason.substring(0, Math.min(reason.length(), LONGEST_REASON)), eventId)
					.update());
	}

}
