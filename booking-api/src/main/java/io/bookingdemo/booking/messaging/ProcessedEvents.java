package io.bookingdemo.booking.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ids of the payment events this service has already handled, so that SQS's
 * at-least-once delivery has an effect exactly once.
 */
@Component
public class ProcessedEvents {

	private final JdbcClient jdbc;

	private final Clock clock;

	ProcessedEvents(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records an event as processed. Must run in the transaction of the event's effect,
	 * so that the record and the effect commit or roll back together.
	 * @param eventId the event's id
	 * @param eventType the event's wire name
	 * @return {@code true} if this is the first time, {@code false} if the event was
	 * already processed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean markProcessed(UUID eventId, String eventType) {
		return this.jdbc
			.sql("insert into processed_events (event_id, event_type, processed_at) values (?, ?, ?) "
					+ "on conflict (event_id) do nothing")
			.params(eventId, eventType, Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	/**
	 * Notes why a processed event had no effect.
	 * @param eventId the event's id, already marked processed
	 * @param reason why it was ignored
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void markIgnored(UUID eventId, String reason) {
		this.jdbc.sql("update processed_events set ignored_because = ? where event_id = ?")
			.params(reason.substring(0, Math.min(reason.length(), 200)), eventId)
			.update();
	}

}
