package io.bookingdemo.support.deadletters;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit of operators' actions on the dead-letter queue, in
 * {@code dead_letter_actions}: who redrove or discarded which messages, when, from and to
 * which queue, and how it ended.
 */
public class DeadLetterAudit {

	private static final int LONGEST_OUTCOME = 500;

	private final JdbcClient jdbc;

	private final Clock clock;

	DeadLetterAudit(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Writes one action.
	 * @param actor who asked for it
	 * @param action {@code REDRIVE} or {@code DISCARD}
	 * @param messageIds the messages it was about, or {@code all}
	 * @param fromQueue the dead-letter queue
	 * @param toQueue where the messages went, for a redrive
	 * @param moved the messages moved or discarded
	 * @param notMoved the messages left in the dead-letter queue
	 * @param outcome how it ended, in words
	 */
	public void write(String actor, String action, String messageIds, String fromQueue, @Nullable String toQueue,
			int moved, int notMoved, String outcome) {
		this.jdbc.sql("""
				insert into dead_letter_actions (acted_at, actor, action, message_ids, from_queue, to_queue, moved,
				    not_moved, outcome)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(Timestamp.from(this.clock.instant()), actor, action, messageIds, fromQueue, toQueue, moved,
					notMoved, (outcome.length() <= LONGEST_OUTCOME) ? outcome : outcome.substring(0, LONGEST_OUTCOME))
			.update();
	}

	/**
	 * The newest actions first.
	 * @param limit the most returned
	 * @return the actions
	 */
	public List<Action> latest(int limit) {
		return this.jdbc.sql("""
				select id, acted_at, actor, action, message_ids, from_queue, to_queue, moved, not_moved, outcome
				from dead_letter_actions order by id desc limit ?""")
			.param(limit)
			.query((row, number) -> new Action(row.getLong("id"), row.getTimestamp("acted_at").toInstant(),
					row.getString("actor"), row.getString("action"), row.getString("message_ids"),
					row.getString("from_queue"), row.getString("to_queue"), row.getInt("moved"),
					row.getInt("not_moved"), row.getString("outcome")))
			.list();
	}

	/**
	 * Deletes the actions older than the retention.
	 * @param retention how long an action is kept
	 * @return the actions deleted
	 */
	public int purge(Duration retention) {
		return this.jdbc.sql("delete from dead_letter_actions where acted_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(retention)))
			.update();
	}

	/**
	 * One audited action.
	 *
	 * @param id its sequence number
	 * @param actedAt when it was done
	 * @param actor who asked for it
	 * @param action {@code REDRIVE} or {@code DISCARD}
	 * @param messageIds the messages it was about, comma-separated, or {@code all}
	 * @param fromQueue the dead-letter queue
	 * @param toQueue where the messages went, for a redrive
	 * @param moved the messages moved or discarded
	 * @param notMoved the messages left in the dead-letter queue
	 * @param outcome how it ended
	 */
	public record Action(long id, Instant actedAt, String actor, String action, String messageIds, String fromQueue,
			@Nullable String toQueue, int moved, int notMoved, String outcome) {
	}

}
