package io.bookingdemo.ledger.messaging;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each event at most once: the event id is recorded in {@code processed_events}
 * in the same transaction as the event's effect, and an event already recorded there is
 * skipped.
 */
@Component
class ProcessedEvents {

	private static final Logger logger = LoggerFactory.getLogger(ProcessedEvents.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	ProcessedEvents(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Runs an event's effect unless the event was processed before.
	 * @param eventId the event's id
	 * @param eventType the event's type
	 * @param effect what the event does; it joins the transaction that records the event
	 */
	void runOnce(UUID eventId, String eventType, Runnable effect) {
		this.transactions.executeWithoutResult((status) -> {
			// A concurrent delivery of the same event waits on this row until the first
			// commits, then inserts nothing.
			int inserted = this.jdbc
				.sql("insert into processed_events (event_id, event_type, processed_at) values (?, ?, ?) "
						+ "on conflict (event_id) do nothing")
				.params(eventId, eventType, this.clock.instant().atOffset(ZoneOffset.UTC))
				.update();
			if (inserted == 0) {
				logger.debug("Skipping {} {}: it was processed before", eventType, eventId);
				return;
			}
			effect.run();
		});
	}

}
