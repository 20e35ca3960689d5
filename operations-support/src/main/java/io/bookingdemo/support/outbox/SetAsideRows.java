package io.bookingdemo.support.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.MessagingMode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox rows the relay set aside after SNS refused them: listed, retried (claimed
 * again from their first refusal) or discarded (deleted) by operators, each action
 * written to the audit in {@code outbox_actions} in the same transaction.
 */
public class SetAsideRows {

	private static final int LONGEST_AUDIT_TEXT = 500;

	private static final String ALL = "all";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final MessagingMode mode;

	private final Runnable retried;

	/**
	 * Creates the operators' access to the set-aside rows.
	 * @param jdbc the database
	 * @param transaction runs an action and its audit together
	 * @param clock the time of the audit and of the ages
	 * @param mode in fifo mode a set-aside row holds the later rows of its group
	 * @param retried told after rows were retried, to wake the relay
	 */
	SetAsideRows(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, MessagingMode mode, Runnable retried) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.clock = clock;
		this.mode = mode;
		this.retried = retried;
	}

	/**
	 * The set-aside rows, oldest first.
	 * @param limit the most returned
	 * @return the rows
	 */
	public List<SetAsideRow> list(int limit) {
		Instant now = this.clock.instant();
		return this.jdbc.sql("""
				select id, event_id, event_type, message_group, created_at, set_aside_at, attempts, refusals,
				    last_error, octet_length(payload) as payload_bytes
				from outbox_events where published_at is null and set_aside_at is not null
				order by id limit :limit""").param("limit", limit).query((rs, rowNum) -> row(rs, now)).list();
	}

	/**
	 * The groups whose later rows wait behind a set-aside row: in fifo mode, the groups
	 * of the set-aside rows; in standard mode, none.
	 * @param limit the most returned
	 * @return the groups, the one held longest first
	 */
	public List<HeldGroup> heldGroups(int limit) {
		if (this.mode != MessagingMode.FIFO) {
			return List.of();
		}
		return this.jdbc.sql("""
				select held.message_group, min(held.set_aside_at) as held_since,
				    (select count(*) from outbox_events waiting where waiting.message_group = held.message_group
				        and waiting.published_at is null and waiting.set_aside_at is null) as waiting
				from outbox_events held where held.published_at is null and held.set_aside_at is not null
				group by held.message_group order by min(held.id) limit :limit""")
			.param("limit", limit)
			.query((rs, rowNum) -> new HeldGroup(rs.getString("message_group"),
					rs.getTimestamp("held_since").toInstant(), rs.getLong("waiting")))
			.list();
	}

	/**
	 * Makes set-aside rows pending again, with no refusal counted, and wakes the relay.
	 * @param eventIds the events of the rows, or {@code null} for every set-aside row
	 * @param actor who asked
	 * @return the outcome
	 */
	public Outcome retry(@Nullable List<UUID> eventIds, String actor) {
		Outcome outcome = act("RETRY", "retried", """
				update outbox_events set set_aside_at = null, refusals = 0
				where published_at is null and set_aside_at is not null %s returning event_id""", eventIds, actor);
		if (!outcome.done().isEmpty()) {
			this.retried.run();
		}
		return outcome;
	}

	/**
	 * Deletes set-aside rows: their events are never published.
	 * @param eventIds the events of the rows, or {@code null} for every set-aside row
	 * @param actor who asked
	 * @return the outcome
	 */
	public Outcome discard(@Nullable List<UUID> eventIds, String actor) {
		return act("DISCARD", "discarded", """
				delete from outbox_events
				where published_at is null and set_aside_at is not null %s returning event_id""", eventIds, actor);
	}

	/**
	 * The newest actions first.
	 * @param limit the most returned
	 * @return the actions
	 */
	public List<Action> audit(int limit) {
		return this.jdbc
			.sql("select id, acted_at, actor, action, event_ids, affected, outcome from outbox_actions "
					+ "order by id desc limit :limit")
			.param("limit", limit)
			.query((rs, rowNum) -> new Action(rs.getLong("id"), rs.getTimestamp("acted_at").toInstant(),
					rs.getString("actor"), rs.getString("action"), rs.getString("event_ids"), rs.getInt("affected"),
					rs.getString("outcome")))
			.list();
	}

	private Outcome act(String action, String past, String statement, @Nullable List<UUID> eventIds, String actor) {
		return this.transaction.execute((status) -> {
			JdbcClient.StatementSpec sql = this.jdbc
				.sql(statement.formatted((eventIds != null) ? "and event_id in (:eventIds)" : ""));
			if (eventIds != null) {
				sql = sql.param("eventIds", eventIds);
			}
			List<UUID> done = sql.query((rs, rowNum) -> rs.getObject("event_id", UUID.class)).list();
			List<UUID> notFound = (eventIds != null)
					? eventIds.stream().distinct().filter((id) -> !done.contains(id)).toList() : List.of();
			String outcome = "%s %d, not set aside %d".formatted(past, done.size(), notFound.size());
			String asked = (eventIds != null) ? join(eventIds) : ALL + ": " + join(done);
			this.jdbc.sql("""
					insert into outbox_actions (acted_at, actor, action, event_ids, affected, outcome)
					values (:actedAt, :actor, :action, :eventIds, :affected, :outcome)""")
				.param("actedAt", Timestamp.from(this.clock.instant()))
				.param("actor", actor)
				.param("action", action)
				.param("eventIds", asked)
				.param("affected", done.size())
				.param("outcome", truncated(outcome))
				.update();
			return new Outcome(action, done, notFound);
		});
	}

	private static String join(List<UUID> ids) {
		return String.join(",", ids.stream().map(UUID::toString).toList());
	}

	private static String truncated(String text) {
		return (text.length() <= LONGEST_AUDIT_TEXT) ? text : text.substring(0, LONGEST_AUDIT_TEXT);
	}

	private static SetAsideRow row(ResultSet rs, Instant now) throws SQLException {
		Instant created = rs.getTimestamp("created_at").toInstant();
		return new SetAsideRow(rs.getObject("event_id", UUID.class), rs.getLong("id"), rs.getString("event_type"),
				rs.getString("message_group"), created, Duration.between(created, now).toSeconds(),
				rs.getTimestamp("set_aside_at").toInstant(), rs.getInt("attempts"), rs.getInt("refusals"),
				rs.getString("last_error"), rs.getLong("payload_bytes"));
	}

	/**
	 * One set-aside row.
	 *
	 * @param eventId its event
	 * @param sequence its row id, the order it was written in
	 * @param eventType its event type
	 * @param messageGroup its group
	 * @param createdAt when it was written
	 * @param ageSeconds how long ago it was written
	 * @param setAsideAt when the relay set it aside
	 * @param attempts its publication attempts, outages included
	 * @param refusals the refusals of SNS since it was written or last retried
	 * @param reason the last refusal, as SNS gave it
	 * @param payloadBytes the size of its message body
	 */
	public record SetAsideRow(UUID eventId, long sequence, String eventType, String messageGroup, Instant createdAt,
			long ageSeconds, Instant setAsideAt, int attempts, int refusals, @Nullable String reason,
			long payloadBytes) {
	}

	/**
	 * A group held by a set-aside row, in fifo mode.
	 *
	 * @param messageGroup the group
	 * @param heldSince when its row was set aside
	 * @param waiting its later rows waiting behind it
	 */
	public record HeldGroup(String messageGroup, Instant heldSince, long waiting) {
	}

	/**
	 * What a retry or a discard did.
	 *
	 * @param action {@code RETRY} or {@code DISCARD}
	 * @param done the events retried or discarded
	 * @param notFound the events asked for that were not set aside
	 */
	public record Outcome(String action, List<UUID> done, List<UUID> notFound) {
	}

	/**
	 * One audited action.
	 *
	 * @param id its sequence number
	 * @param actedAt when it was done
	 * @param actor who asked for it
	 * @param action {@code RETRY} or {@code DISCARD}
	 * @param eventIds the events it was about, comma-separated, or {@code all} and those
	 * it found
	 * @param affected the rows retried or discarded
	 * @param outcome how it ended
	 */
	public record Action(long id, Instant actedAt, String actor, String action, String eventIds, int affected,
			String outcome) {
	}

}
