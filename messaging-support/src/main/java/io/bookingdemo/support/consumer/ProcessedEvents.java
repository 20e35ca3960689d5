package io.bookingdemo.support.consumer;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer: applies each event at most once. The event's id is recorded in
 * {@code processed_events} in the same transaction as the event's effect, and an event
 * already recorded there is skipped, so SQS's at-least-once delivery has its effect
 * exactly once.
 */
public class ProcessedEvents {

	private static final Logger logger = LoggerFactory.getLogger(ProcessedEvents.class);

	// The column's width.
	private static final int LONGEST_REASON = 200;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ListenerPause pause;

	private final MeterRegistry registry;

	ProcessedEvents(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, ListenerPause pause,
			MeterRegistry registry) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.pause = pause;
		this.registry = registry;
	}

	/**
	 * Runs an event's effect unless the event was processed before. If the effect fails,
	 * the record of the event rolls back with it, so that the next delivery tries again.
	 * @param eventId the event's id
	 * @param eventType the event's wire name
	 * @param effect what the event does; it joins the transaction that records the event
	 * @return {@code true} if the effect ran, {@code false} if the event was a duplicate
	 * @throws DataAccessResourceFailureException at once, without trying the database,
	 * while the listeners are paused because it is out of reach
	 */
	public boolean runOnce(UUID eventId, String eventType, Runnable effect) {
		// A message received just as the pause began would only wait for the pool's
		// timeout before failing the same way.
		if (this.pause.isPaused()) {
			throw new DataAccessResourceFailureException("The database is out of reach: listeners are paused");
		}
		Boolean ran = this.transaction.execute((status) -> {
			// A concurrent delivery of the same event waits on this row until the first
			// commits, then inserts nothing.
			int inserted = this.jdbc
				.sql("insert into processed_events (event_id, event_type, processed_at) values (?, ?, ?) "
						+ "on conflict (event_id) do nothing")
				.params(eventId, eventType, Timestamp.from(this.clock.instant()))
				.update();
			if (inserted == 0) {
				logger.debug("Skipping {} {}: it was processed before", eventType, eventId);
				skipped(eventType);
				return false;
			}
			effect.run();
			return true;
		});
		return Boolean.TRUE.equals(ran);
	}

	// Counted inside the transaction: a rolled-back skip is counted all the same, as the
	// delivery it absorbed did happen.
	private void skipped(String eventType) {
		Counter.builder("events.duplicates.skipped")
			.description("Deliveries of an event already processed, absorbed by the idempotent consumer")
			.tag("event.type", eventType)
			.register(this.registry)
			.increment();
	}

	/**
	 * Notes why an event that is being processed has no effect, for an operator to read;
	 * it runs inside the effect passed to {@link #runOnce}.
	 * @param eventId the event's id
	 * @param reason why it was ignored
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void markIgnored(UUID eventId, String reason) {
		this.jdbc.sql("update processed_events set ignored_because = ? where event_id = ?")
			.params(reason.substring(0, Math.min(reason.length(), LONGEST_REASON)), eventId)
			.update();
	}

}
