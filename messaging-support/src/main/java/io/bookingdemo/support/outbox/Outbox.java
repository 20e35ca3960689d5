package io.bookingdemo.support.outbox;

import java.sql.Timestamp;

import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: records events in the same database transaction as the change
 * they describe, for {@link OutboxRelay} to publish once that transaction has committed.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Runnable committed;

	private final MessageTracing tracing;

	Outbox(JdbcClient jdbc, JsonMapper json) {
		this(jdbc, json, () -> {
		});
	}

	Outbox(JdbcClient jdbc, JsonMapper json, Runnable committed) {
		this(jdbc, json, committed, MessageTracing.off());
	}

	/**
	 * Creates the outbox.
	 * @param jdbc the database
	 * @param json writes the events
	 * @param committed told after each transaction that appended an event has committed,
	 * on the committing thread; it must only signal, never publish or block
	 * @param tracing reads the trace context each event is stored with
	 */
	Outbox(JdbcClient jdbc, JsonMapper json, Runnable committed, MessageTracing tracing) {
		this.jdbc = jdbc;
		this.json = json;
		this.committed = committed;
		this.tracing = tracing;
	}

	/**
	 * Records an event. It must run inside the transaction that makes the change, so that
	 * the change and its event commit or roll back together; once that transaction has
	 * committed, the relay is woken rather than left to its next poll. The trace context
	 * of the current span is stored with it, for its publish to continue that trace, and
	 * the span is tagged with the event's message group, which the logging context holds
	 * until the transaction ends.
	 * @param event the event
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(OutboxEvent event) {
		MessageTracing.StoredContext trace = this.tracing.captureFor(event.messageGroup());
		this.jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
				    created_at, trace_parent, trace_state)
				values (:eventId, :eventType, :eventVersion, :aggregateId, :messageGroup, :payload, :createdAt,
				    :traceParent, :traceState)
				""")
			.param("eventId", event.eventId())
			.param("eventType", event.eventType())
			.param("eventVersion", event.eventVersion())
			.param("aggregateId", event.aggregateId())
			.param("messageGroup", event.messageGroup())
			.param("payload", this.json.writeValueAsString(event))
			.param("createdAt", Timestamp.from(event.occurredAt()))
			.param("traceParent", trace.traceParent())
			.param("traceState", trace.traceState())
			.update();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			Runnable unlog = this.tracing.logGroup(event.messageGroup());
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					Outbox.this.committed.run();
				}

				@Override
				public void afterCompletion(int status) {
					unlog.run();
				}

			});
		}
	}

}
