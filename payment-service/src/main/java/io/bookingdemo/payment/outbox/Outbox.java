package io.bookingdemo.payment.outbox;

import java.sql.Timestamp;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox: stores an event in the transaction of the change it
 * describes, for {@link OutboxRelay} to publish after that transaction commits.
 */
@Component
public class Outbox {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Outbox(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Stores an event for publishing. Must run in the transaction of the change, so that
	 * the event exists if and only if the change commits.
	 * @param event the event
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(DomainEvent event) {
		this.jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, payload, created_at)
				values (:eventId, :eventType, :eventVersion, :aggregateId, :payload, :createdAt)
				""")
			.param("eventId", event.eventId())
			.param("eventType", event.eventType())
			.param("eventVersion", event.eventVersion())
			.param("aggregateId", event.aggregateId())
			.param("payload", this.json.writeValueAsString(event))
			.param("createdAt", Timestamp.from(event.occurredAt()))
			.update();
	}

}
