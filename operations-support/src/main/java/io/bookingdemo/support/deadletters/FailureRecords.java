package io.bookingdemo.support.deadletters;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.database.BatchedDelete;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Why messages failed, one row per message in {@code message_failures}: written at every
 * failed receive, read when an operator lists the dead-letter queue, and kept within a
 * retention and a row count.
 */
public class FailureRecords {

	static final int PURGE_BATCH = 1000;

	private static final int LONGEST_EXCEPTION = 200;

	private static final int LONGEST_REASON = 2000;

	private final JdbcClient jdbc;

	private final Clock clock;

	FailureRecords(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records one failed receive of a message; a message that failed before keeps its
	 * first failure time and has the rest replaced.
	 * @param failure what is known of the message and its failure
	 */
	public void record(Failure failure) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("""
				insert into message_failures (message_id, queue, event_id, event_type, receive_count, failures,
				    exception, reason, first_failed_at, last_failed_at)
				values (:messageId, :queue, :eventId, :eventType, :receiveCount, 1, :exception, :reason, :now, :now)
				on conflict (message_id) do update set receive_count = excluded.receive_count,
				    failures = message_failures.failures + 1, exception = excluded.exception,
				    reason = excluded.reason, last_failed_at = excluded.last_failed_at,
				    event_id = coalesce(excluded.event_id, message_failures.event_id),
				    event_type = coalesce(excluded.event_type, message_failures.event_type)""")
			.param("messageId", failure.messageId())
			.param("queue", failure.queue())
			.param("eventId", failure.eventId())
			.param("eventType", failure.eventType())
			.param("receiveCount", failure.receiveCount())
			.param("exception", truncate(failure.exception(), LONGEST_EXCEPTION))
			.param("reason", truncate(failure.reason(), LONGEST_REASON))
			.param("now", now)
			.update();
	}

	/**
	 * The records of the messages given.
	 * @param messageIds the messages' ids
	 * @return the records found, by message id
	 */
	public Map<String, Recorded> find(Collection<String> messageIds) {
		if (messageIds.isEmpty()) {
			return Map.of();
		}
		return this.jdbc.sql("""
				select message_id, queue, event_id, event_type, receive_count, failures, exception, reason,
				    first_failed_at, last_failed_at
				from message_failures where message_id in (:ids)""")
			.param("ids", messageIds)
			.query((row, number) -> new Recorded(row.getString("message_id"), row.getString("queue"),
					row.getString("event_id"), row.getString("event_type"), row.getInt("receive_count"),
					row.getInt("failures"), row.getString("exception"), row.getString("reason"),
					row.getTimestamp("first_failed_at").toInstant(), row.getTimestamp("last_failed_at").toInstant()))
			.list()
			.stream()
			.collect(Collectors.toMap(Recorded::messageId, Function.identity()));
	}

	/**
	 * Deletes the records whose last failure is older than the retention, then those
	 * beyond the newest {@code keep}, {@value #PURGE_BATCH} at a time, each batch its own
	 * short statement, so that the purge never holds many row locks for long; an expired
	 * record that a failing message is updating is left for the next purge.
	 * @param retention how long a record is kept after its last failure
	 * @param keep the most records kept
	 * @return the records deleted
	 */
	public int purge(Duration retention, int keep) {
		int expired = new BatchedDelete(this.jdbc, "message_failures", "message_id", "last_failed_at", PURGE_BATCH)
			.before(this.clock.instant().minus(retention));
		return expired + BatchedDelete.untilShort(PURGE_BATCH, () -> this.jdbc.sql("""
				delete from message_failures where message_id in (
				    select message_id from message_failures order by last_failed_at desc, message_id
				    offset ? limit ?)""").params(keep, PURGE_BATCH).update());
	}

	private static String truncate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length);
	}

	/**
	 * One failed receive.
	 *
	 * @param messageId the SQS message id
	 * @param queue the queue it was received from
	 * @param eventId the event's id, if readable
	 * @param eventType the event's type, if readable
	 * @param receiveCount the message's receives so far, this one included
	 * @param exception the class of the exception that failed it
	 * @param reason the exception's message and cause
	 */
	public record Failure(String messageId, String queue, @Nullable String eventId, @Nullable String eventType,
			int receiveCount, String exception, String reason) {
	}

	/**
	 * What is recorded of a message that failed.
	 *
	 * @param messageId the SQS message id
	 * @param queue the queue it failed on
	 * @param eventId the event's id, if it was readable
	 * @param eventType the event's type, if it was readable
	 * @param receiveCount the receives at its last failure
	 * @param failures the failed receives recorded
	 * @param exception the class of the last exception
	 * @param reason the last exception's message and cause
	 * @param firstFailedAt when it failed first
	 * @param lastFailedAt when it failed last
	 */
	public record Recorded(String messageId, String queue, @Nullable String eventId, @Nullable String eventType,
			int receiveCount, int failures, String exception, String reason, Instant firstFailedAt,
			Instant lastFailedAt) {
	}

}
