package io.bookingdemo.support.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import io.micrometer.tracing.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.awspring.cloud.sns.core.TopicNotFoundException;
import io.bookingdemo.support.MessagingMode;
import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.TopicArnLookup;
import io.bookingdemo.support.database.BatchedDelete;
import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Publishes pending outbox rows to SNS in the order they were written, marks each one
 * published once SNS has accepted it, and deletes published rows once their retention has
 * passed.
 * <p>
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances can relay
 * side by side without publishing a row twice in the normal case. A crash between the
 * publish and the commit republishes the batch: delivery is at least once and consumers
 * skip duplicates by event id.
 * <p>
 * Every message carries its row's group and sequence ({@code messageGroup},
 * {@code sequence}, {@code publisher}), so that consumers can tell when events reach them
 * out of the order they were written. In {@link MessagingMode#FIFO fifo} mode the group
 * is the message's {@code MessageGroupId} and the event id its
 * {@code MessageDeduplicationId}, and a relay claims only the oldest pending row of each
 * group: a relay beside it cannot publish a group's next event while this one still holds
 * the previous one.
 * <p>
 * Each message continues the trace of the transaction that wrote its row, stored with the
 * row: its {@code traceparent} (and {@code tracestate}, if any) attribute is the context
 * of a publish span, a child of the stored one.
 * <p>
 * It relays on a thread of its own, not the scheduler's, which other tasks share: every
 * poll interval, and as soon as {@link #wakeUp} says a transaction that appended events
 * has committed. Wake-ups that come while it relays coalesce into one more run; while SNS
 * refuses, it waits for the poll interval whatever wakes it.
 * <p>
 * A row that SNS itself refuses (an invalid or oversized message, as opposed to an
 * outage) is set aside after {@code max-refusals} refusals, with the reason in
 * {@code last_error}: it is no longer claimed, and the relay moves on to the rows behind
 * it, except in fifo mode, where the later rows of its group keep waiting behind it. An
 * operator retries or discards it ({@link SetAsideRows}).
 */
public class OutboxRelay implements SchedulingConfigurer, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	// Small enough that a purge never holds many row locks or a long transaction.
	private static final int PURGE_BATCH = 1000;

	private static final String CLAIM_OLDEST = """
			select id, event_id, event_type, event_version, message_group, payload, created_at, trace_parent,
			    trace_state from outbox_events
			where published_at is null and set_aside_at is null
			order by id
			limit :limit
			for update skip locked
			""";

	// A row whose group has an older pending row waits, even when another relay holds
	// that row or it is set aside: publishing it first would reorder the group.
	private static final String CLAIM_OLDEST_OF_EACH_GROUP = """
			select id, event_id, event_type, event_version, message_group, payload, created_at, trace_parent,
			    trace_state from outbox_events pending
			where published_at is null and set_aside_at is null
			and not exists (select 1 from outbox_events older
			    where older.message_group = pending.message_group and older.published_at is null
			    and older.id < pending.id)
			order by id
			limit :limit
			for update skip locked
			""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final SnsClient sns;

	private final String topic;

	private final MessagingMode mode;

	private final TopicArnLookup topicArn;

	private final MessagingProperties.Outbox properties;

	private final Clock clock;

	private final OutboxMetrics metrics;

	private final MessageTracing tracing;

	private volatile boolean failing;

	private final AtomicBoolean woken = new AtomicBoolean();

	private volatile boolean running;

	private volatile Thread thread;

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, SnsClient sns, String topic, MessagingMode mode,
			MessagingProperties.Outbox properties, Clock clock, OutboxMetrics metrics) {
		this(jdbc, transaction, sns, topic, mode, properties, clock, metrics, MessageTracing.off());
	}

	OutboxRelay(JdbcClient jdbc, TransactionTemplate transaction, SnsClient sns, String topic, MessagingMode mode,
			MessagingProperties.Outbox properties, Clock clock, OutboxMetrics metrics, MessageTracing tracing) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.sns = sns;
		this.topic = topic;
		this.mode = mode;
		this.topicArn = new TopicArnLookup(sns, topic, properties.publishTimeout());
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.tracing = tracing;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::purgePublished, this.properties.purgeInterval());
	}

	@Override
	public void start() {
		this.running = true;
		Thread relay = new Thread(this::relayUntilStopped, "outbox-relay");
		relay.setDaemon(true);
		this.thread = relay;
		relay.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread relay = this.thread;
		if (relay == null) {
			return;
		}
		LockSupport.unpark(relay);
		try {
			// A run in progress ends within the publish timeout.
			relay.join(this.properties.publishTimeout().plusSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Asks the relay to run now, for rows that were just committed; returns at once.
	 * Calls made while it runs coalesce into one more run.
	 */
	public void wakeUp() {
		Thread relay = this.thread;
		if (relay != null && !this.woken.getAndSet(true)) {
			LockSupport.unpark(relay);
		}
	}

	private void relayUntilStopped() {
		while (this.running) {
			this.woken.set(false);
			try {
				relayPending();
			}
			catch (RuntimeException ex) {
				logger.warn("Outbox relay run failed; retrying in {}: {}", this.properties.pollInterval(),
						ex.toString());
			}
			long until = System.nanoTime() + this.properties.pollInterval().toNanos();
			long left;
			// While SNS refuses, a commit must not turn the relay into a busy retry loop.
			while (this.running && (this.failing || !this.woken.get()) && (left = until - System.nanoTime()) > 0) {
				LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
			}
		}
	}

	/**
	 * Relays until no full batch is left or SNS refuses; the next run retries what is
	 * left. In fifo mode a batch holds one row per group, so it goes on while a batch
	 * publishes anything: a group's next row may be waiting behind the one just
	 * published.
	 */
	public void relayPending() {
		int full = (this.mode == MessagingMode.FIFO) ? 1 : this.properties.batchSize();
		int published;
		do {
			published = relayBatch();
		}
		while (published >= full);
	}

	/**
	 * Publishes the oldest pending rows in one SNS batch.
	 * @return how many rows were published, or -1 if SNS could not be reached
	 */
	int relayBatch() {
		String topicArn;
		try {
			topicArn = this.topicArn.get();
		}
		catch (SdkException | TopicNotFoundException ex) {
			failed(ex);
			return -1;
		}
		Integer published = this.transaction.execute((status) -> {
			List<PendingEvent> pending = claimOldestPending();
			if (pending.isEmpty()) {
				return 0;
			}
			Map<Long, Span> spans = new LinkedHashMap<>();
			pending.forEach((event) -> spans.put(event.id(), this.tracing.startPublish(event.eventType(),
					event.messageGroup(), event.createdAt(), event.trace())));
			try {
				int relayed = publishClaimed(topicArn, pending, spans);
				recovered();
				return relayed;
			}
			catch (SdkException ex) {
				failed(ex);
				recordFailedAttempt(pending.stream().map(PendingEvent::id).toList(), ex.getMessage());
				spans.values().forEach((span) -> span.error(ex));
				return -1;
			}
			finally {
				spans.values().forEach(Span::end);
			}
		});
		return (published != null) ? published : 0;
	}

	/**
	 * Deletes the rows published longer ago than the retention, a batch at a time.
	 * @return how many rows were deleted
	 */
	public int purgePublished() {
		Instant cutoff = this.clock.instant().minus(this.properties.retention());
		int deleted = new BatchedDelete(this.jdbc, "outbox_events", "id", "published_at", PURGE_BATCH).before(cutoff);
		if (deleted > 0) {
			logger.info("Deleted {} outbox rows published before {}", deleted, cutoff);
		}
		return deleted;
	}

	private List<PendingEvent> claimOldestPending() {
		return this.jdbc.sql((this.mode == MessagingMode.FIFO) ? CLAIM_OLDEST_OF_EACH_GROUP : CLAIM_OLDEST)
			.param("limit", this.properties.batchSize())
			.query((rs, rowNum) -> new PendingEvent(rs.getLong("id"), rs.getObject("event_id", UUID.class),
					rs.getString("event_type"), rs.getInt("event_version"), rs.getString("message_group"),
					rs.getString("payload"), rs.getTimestamp("created_at").toInstant(),
					MessageTracing.StoredContext.of(rs.getString("trace_parent"), rs.getString("trace_state"))))
			.list();
	}

	/**
	 * Publishes claimed rows and marks those SNS accepted. SNS refuses a row either as a
	 * failed entry of the batch or, for some faults (a batch made too long by one
	 * oversized message), by refusing the whole call: then each row is published alone,
	 * so that only the faulty one is refused and the others go out.
	 * @return how many rows were published
	 */
	private int publishClaimed(String topicArn, List<PendingEvent> pending, Map<Long, Span> spans) {
		PublishBatchResponse response;
		try {
			response = publish(topicArn, pending, spans);
		}
		catch (SnsException ex) {
			AwsErrorDetails details = ex.awsErrorDetails();
			if (details == null
					|| !isRefusal(details.errorCode(), ex.statusCode() == 400 && !ex.isThrottlingException())) {
				throw ex;
			}
			if (pending.size() == 1) {
				refused(pending.get(0).id(), details.errorCode() + ": " + details.errorMessage());
				spans.get(pending.get(0).id()).error(ex);
				return 0;
			}
			int published = 0;
			for (PendingEvent event : pending) {
				published += publishClaimed(topicArn, List.of(event), spans);
			}
			return published;
		}
		markPublished(response.successful().stream().map((entry) -> Long.valueOf(entry.id())).toList());
		response.failed().forEach((failure) -> {
			long id = Long.parseLong(failure.id());
			String reason = failure.code() + ": " + failure.message();
			spans.get(id).error(new IllegalStateException("SNS refused: " + reason));
			if (isRefusal(failure.code(), Boolean.TRUE.equals(failure.senderFault()))) {
				refused(id, reason);
			}
			else {
				logger.warn("SNS failed to publish outbox row {}; it is retried: {}", id, reason);
				recordFailedAttempt(List.of(id), reason);
			}
		});
		return response.successful().size();
	}

	// A fault of the sender that retrying cannot cure because it is about the message
	// itself: not throttling, not the topic's KMS key, not the caller's rights (a 403).
	private static boolean isRefusal(@Nullable String code, boolean senderFault) {
		return senderFault && (code == null || !code.startsWith("KMS"));
	}

	// Counts a refusal of the row; the last one allowed sets it aside, so that the relay
	// moves on to the rows behind it.
	private void refused(long id, String reason) {
		this.jdbc.sql("""
				update outbox_events set attempts = attempts + 1, refusals = refusals + 1, last_error = :error,
				    set_aside_at = case when refusals + 1 >= :maxRefusals then cast(:now as timestamptz) end
				where id = :id
				returning set_aside_at is not null as set_aside, refusals""")
			.param("error", reason)
			.param("maxRefusals", this.properties.maxRefusals())
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", id)
			.query((rs, rowNum) -> {
				if (rs.getBoolean("set_aside")) {
					logger.error("SNS refused outbox row {} {} times; it is set aside for an operator ({}): {}", id,
							rs.getInt("refusals"), (this.mode == MessagingMode.FIFO) ? "its group waits behind it"
									: "the rows behind it go on",
							reason);
					return true;
				}
				logger.warn("SNS refused outbox row {} ({} of {} refusals before it is set aside): {}", id,
						rs.getInt("refusals"), this.properties.maxRefusals(), reason);
				return false;
			})
			.single();
	}

	private PublishBatchResponse publish(String topicArn, List<PendingEvent> pending, Map<Long, Span> spans) {
		List<PublishBatchRequestEntry> entries = pending.stream()
			.map((event) -> entry(event, spans.get(event.id())))
			.toList();
		return this.sns.publishBatch((request) -> request.topicArn(topicArn)
			.publishBatchRequestEntries(entries)
			.overrideConfiguration((call) -> call.apiCallTimeout(this.properties.publishTimeout())));
	}

	// SNS takes at most ten attributes: these six, and the trace context's one or two.
	private PublishBatchRequestEntry entry(PendingEvent event, Span span) {
		Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(Map.of("eventType",
				attribute(event.eventType()), "eventVersion", attribute(String.valueOf(event.eventVersion())),
				"eventId", attribute(event.eventId().toString()), "messageGroup", attribute(event.messageGroup()),
				"sequence",
				MessageAttributeValue.builder().dataType("Number").stringValue(String.valueOf(event.id())).build(),
				"publisher", attribute(this.topic)));
		this.tracing.inject(span, (name, value) -> attributes.put(name, attribute(value)));
		PublishBatchRequestEntry.Builder entry = PublishBatchRequestEntry.builder()
			.id(String.valueOf(event.id()))
			.message(event.payload())
			.messageAttributes(attributes);
		if (this.mode == MessagingMode.FIFO) {
			entry.messageGroupId(event.messageGroup()).messageDeduplicationId(event.eventId().toString());
		}
		return entry.build();
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
		this.jdbc
			.sql("update outbox_events set attempts = attempts + 1, last_error = :error "
					+ "where id in (:ids) and published_at is null")
			.param("error", error)
			.param("ids", ids)
			.update();
	}

	// Logs an outage once when it starts and once when it ends, not on every run.
	private void failed(RuntimeException ex) {
		if (!this.failing) {
			this.failing = true;
			logger.warn("Cannot publish to SNS topic {}; events stay in the outbox and are retried: {}", this.topic,
					ex.getMessage());
		}
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			logger.info("Publishing to SNS topic {} again", this.topic);
		}
	}

	private static MessageAttributeValue attribute(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private record PendingEvent(long id, UUID eventId, String eventType, int eventVersion, String messageGroup,
			String payload, Instant createdAt, MessageTracing.StoredContext trace) {
	}

}
