package io.bookingdemo.payment.messaging;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ids of the events this service has already handled, so that SQS's at-least-once
 * delivery has an effect exactly once.
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
		int inserted = this.jdbc
			.sql("insert into processed_events (event_id, event_type, processed_at) values (?, ?, ?) "
					+ "on conflict (event_id) do nothing")
			.params(eventId, eventType, OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.update();
		return inserted == 1;
	}

}
