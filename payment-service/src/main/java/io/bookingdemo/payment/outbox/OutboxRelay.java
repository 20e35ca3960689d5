package io.bookingdemo.payment.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.awspring.cloud.sns.core.CachingTopicArnResolver;
import io.awspring.cloud.sns.core.TopicArnResolver;
import io.awspring.cloud.sns.core.TopicNotFoundException;
import io.awspring.cloud.sns.core.TopicsListingTopicArnResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes the pending outbox rows to SNS, oldest first, and marks each row published
 * once SNS has accepted it.
 */
@Component
class OutboxRelay {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final SnsClient sns;

	private final TopicArnResolver topics;

	private final OutboxProperties properties;

	private final Clock clock;

	private final OutboxMetrics metrics;

	private volatile boolean failing;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, SnsClient sns, OutboxProperties properties,
			Clock clock, OutboxMetrics metrics) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.sns = sns;
		// Resolves the topic by listing, never by CreateTopic: the topology is
		// provisioned explicitly, and a missing topic must fail rather than appear.
		this.topics = new CachingTopicArnResolver(new TopicsListingTopicArnResolver(sns));
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Relays batches while they come back full; whatever SNS refused waits for the next
	 * run.
	 */
	@Scheduled(fixedDelayString = "${payment.outbox.poll-interval}")
	void relayPending() {
		int published;
		do {
			published = relayBatch();
		}
		while (published == this.properties.batchSize());
	}

	/**
	 * Publishes the oldest pending rows in one SNS batch.
	 * @return the number of rows published, or -1 if SNS could not be reached
	 */
	int relayBatch() {
		Integer published = this.transaction.execute((status) -> {
			List<PendingEvent> pending = claimOldestPending();
			if (pending.isEmpty()) {
				return 0;
			}
			try {
				PublishBatchResponse response = publish(pending);
				markPublished(response.successful().stream().map((entry) -> Long.valueOf(entry.id())).toList());
				response.failed().forEach((failure) -> {
					logger.warn("SNS refused outbox row {}: {} {}", failure.id(), failure.code(), failure.message());
					recordFailedAttempt(List.of(Long.valueOf(failure.id())), failure.code() + ": " + failure.message());
				});
				recovered();
				return response.successful().size();
			}
			catch (SdkException | TopicNotFoundException ex) {
				failed(ex);
				recordFailedAttempt(pending.stream().map(PendingEvent::id).toList(), ex.getMessage());
				return -1;
			}
		});
		return (published != null) ? published : 0;
	}

	// SKIP LOCKED lets several instances relay side by side without taking the same rows.
	// A crash after SNS accepted a batch but before the commit publishes it again, so
	// delivery is at least once and consumers skip duplicates by event id.
	private List<PendingEvent> claimOldestPending() {
		return this.jdbc.sql("""
				select id, event_id, event_type, event_version, payload from outbox_events
				where published_at is null
				order by id
				limit :limit
				for update skip locked
				""")
			.param("limit", this.properties.batchSize())
			.query((rs, rowNum) -> new PendingEvent(rs.getLong("id"), rs.getObject("event_id", UUID.class),
					rs.getString("event_type"), rs.getInt("event_version"), rs.getString("payload")))
			.list();
	}

	private PublishBatchResponse publish(List<PendingEvent> pending) {
		String topicArn = this.topics.resolveTopicArn(this.properties.topic()).toString();
		List<PublishBatchRequestEntry> entries = pending.stream()
			.map((event) -> PublishBatchRequestEntry.builder()
				.id(String.valueOf(event.id()))
				.message(event.payload())
				.messageAttributes(Map.of("eventType", attribute(event.eventType()), "eventVersion",
						attribute(String.valueOf(event.eventVersion())), "eventId",
						attribute(event.eventId().toString())))
				.build())
			.toList();
		return this.sns.publishBatch((request) -> request.topicArn(topicArn).publishBatchRequestEntries(entries));
	}

	private void markPublished(List<Long> ids) {
		if (ids.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("update outbox_events set published_at = :now, attempts = attempts + 1, last_error = null "
					+ "where id in (:ids) returning created_at, published_at")
			.param("now", Timestamp.from(this.clock.instant()))
			.param("ids", ids)
			.query((rs, rowNum) -> Duration.between(rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("published_at").toInstant()))
			.list()
			.forEach(this.metrics::published);
	}

	private void recordFailedAttempt(List<Long> ids, String error) {
		this.jdbc.sql("update outbox_events set attempts = attempts + 1, last_error = :error where id in (:ids)")
			.param("error", error)
			.param("ids", ids)
			.update();
	}

	// Logs an outage once when it starts and once when it ends, not on every run.
	private void failed(RuntimeException ex) {
		if (!this.failing) {
			this.failing = true;
			logger.warn("Cannot publish to SNS topic {}; payment events stay in the outbox and are retried: {}",
					this.properties.topic(), ex.getMessage());
		}
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			logger.info("Publishing to SNS topic {} again", this.properties.topic());
		}
	}

	private static MessageAttributeValue attribute(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private record PendingEvent(long id, UUID eventId, String eventType, int eventVersion, String payload) {
	}

}
