package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.ConsumedMessage.Status;
import io.bookingdemo.support.logging.LogText;
import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent consumer, a batch at a time: applies the events of one receive in one
 * transaction that also records each event's id in {@code processed_events}, so that an
 * event recorded before (by an earlier delivery, or twice in the batch) is skipped, and
 * records why the events its handlers ignored had no effect. A transaction that cannot
 * get a connection while the database answers a probe is tried again in place, the
 * heartbeat keeping the messages hidden, for up to {@code busyPoolWait}: a busy pool must
 * not cost a message a receive. If that transaction fails for anything but a database
 * outage, it applies the events again one at a time, each in its own transaction, so that
 * one bad message fails alone. On a FIFO queue the messages of a group are applied in
 * order, and a group stops at its first failure: the messages behind it fail with it,
 * unapplied. Then it acknowledges the messages that succeeded with one batch delete,
 * tells its {@link EventObserver}s what became of each message, and throws a
 * {@link ListenerExecutionFailedException} that names the messages that failed, so that
 * the error handler backs off only those.
 * <p>
 * Each event's handler runs in a span of its own that continues the trace context its
 * message carries, tagged with the message's group and the time it waited in the queue,
 * with the group in the logging context: one receive holds the messages of several
 * traces.
 */
public class EventConsumer {

	private static final Logger logger = LoggerFactory.getLogger(EventConsumer.class);

	private static final String EVENT_TYPE_ATTRIBUTE = "eventType";

	private static final String EVENT_ID_ATTRIBUTE = "eventId";

	private static final Duration TRY_AGAIN_AFTER = Duration.ofMillis(200);

	private static final String MESSAGE_GROUP_ATTRIBUTE = "messageGroup";

	private final ProcessedEvents processedEvents;

	private final TransactionTemplate transaction;

	private final ListenerPause pause;

	private final Acknowledgements acknowledgements;

	private final List<EventObserver> observers;

	private final Duration busyPoolWait;

	private final EventChecks checks;

	private final MessageTracing tracing;

	EventConsumer(ProcessedEvents processedEvents, TransactionTemplate transaction, ListenerPause pause,
			Acknowledgements acknowledgements, List<EventObserver> observers, Duration busyPoolWait, EventChecks checks,
			MessageTracing tracing) {
		this.processedEvents = processedEvents;
		this.transaction = transaction;
		this.pause = pause;
		this.acknowledgements = acknowledgements;
		this.observers = List.copyOf(observers);
		this.busyPoolWait = busyPoolWait;
		this.checks = checks;
		this.tracing = tracing;
	}

	// The routers of a service are built by its listeners, each with this consumer: it
	// brings them the service's settings for what an event may hold.
	EventChecks checks() {
		return this.checks;
	}

	/**
	 * Processes the messages of one receive.
	 * @param messages the messages, in the order they were received
	 * @param router reads each message's event
	 * @throws ListenerExecutionFailedException naming the messages that failed, after the
	 * others were acknowledged
	 */
	public void consume(List<Message<String>> messages, EventRouter router) {
		Batch batch = new Batch(messages);
		for (Entry entry : batch.entries) {
			try {
				entry.event = router.read(entry.message);
			}
			catch (RuntimeException ex) {
				batch.fail(entry, ex);
			}
		}
		// A message received just as the pause began would only wait for the pool's
		// timeout before failing the same way.
		if (this.pause.isPaused()) {
			batch.failAll(batch.pending(),
					new DataAccessResourceFailureException("The database is out of reach: listeners are paused"));
		}
		else {
			apply(batch);
		}
		this.acknowledgements.acknowledge(batch.succeeded());
		observe(batch.report());
		List<Message<String>> failed = batch.failed();
		if (!failed.isEmpty()) {
			// The container logs this exception with its causes; an outage keeps its own,
			// which decide how the error handler treats the batch and quote no message.
			Throwable failure = batch.failure();
			throw new ListenerExecutionFailedException(failed.size() + " of " + messages.size() + " messages failed",
					DatabaseOutages.isOutage(failure) ? failure : EscapedFailure.of(failure), failed);
		}
	}

	private void apply(Batch batch) {
		List<Entry> pending = batch.pending();
		if (pending.isEmpty()) {
			return;
		}
		try {
			batch.done(inTransaction(pending));
		}
		catch (RuntimeException ex) {
			if (DatabaseOutages.isOutage(ex) || pending.size() == 1) {
				batch.failAll(pending, ex);
				return;
			}
			logger.info("A batch of {} events failed ({}): applying them one at a time", pending.size(),
					LogText.escape(ex));
			applyOneAtATime(batch, pending);
		}
	}

	private void applyOneAtATime(Batch batch, List<Entry> pending) {
		for (int next = 0; next < pending.size(); next++) {
			Entry entry = pending.get(next);
			if (batch.isHeldBack(entry)) {
				continue;
			}
			try {
				batch.done(inTransaction(List.of(entry)));
			}
			catch (RuntimeException ex) {
				if (DatabaseOutages.isOutage(ex)) {
					batch.failAll(pending.subList(next, pending.size()), ex);
					return;
				}
				batch.fail(entry, ex);
			}
		}
	}

	// A connection refused by the pool while a connection of the probe's own is accepted
	// means every pooled connection is busy: the pool's timeout was the wait, and the
	// next
	// try waits again, while the heartbeat keeps the messages hidden. Only an outage the
	// probe confirms, or a wait beyond busyPoolWait, returns the messages to the queue.
	private Map<Entry, @Nullable Outcome> inTransaction(List<Entry> entries) {
		long deadline = System.nanoTime() + this.busyPoolWait.toNanos();
		int tries = 1;
		while (true) {
			long started = System.nanoTime();
			try {
				Map<Entry, @Nullable Outcome> outcomes = this.transaction
					.execute((status) -> applyInOneTransaction(entries, status));
				if (tries > 1) {
					logger.info("{} events applied after {} tries for a connection of the busy pool", entries.size(),
							tries);
				}
				return outcomes;
			}
			catch (RuntimeException ex) {
				if (!DatabaseOutages.isOutage(ex) || this.pause.pauseIfUnreachable(ex)) {
					throw ex;
				}
				if (System.nanoTime() - deadline >= 0) {
					logger.warn("{} events found no free connection in {}, though the database answers: "
							+ "returning them to the queue", entries.size(), this.busyPoolWait);
					throw ex;
				}
				waitBeforeTryingAgain(started, ex);
				tries++;
			}
		}
	}

	// A pool that refuses at once (rather than after its timeout) must not be asked again
	// in a tight loop.
	private static void waitBeforeTryingAgain(long started, RuntimeException failure) {
		if (Thread.currentThread().isInterrupted()) {
			throw failure;
		}
		long pause = TRY_AGAIN_AFTER.toNanos() - (System.nanoTime() - started);
		if (pause <= 0) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(pause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure;
		}
	}

	// Null for a duplicate.
	private Map<Entry, @Nullable Outcome> applyInOneTransaction(List<Entry> entries, TransactionStatus status) {
		Map<UUID, String> events = new LinkedHashMap<>();
		entries.forEach((entry) -> events.putIfAbsent(entry.event.eventId(), entry.event.eventType()));
		Set<UUID> claimed = new HashSet<>(this.processedEvents.claim(events));
		Map<Entry, @Nullable Outcome> outcomes = new LinkedHashMap<>();
		Map<UUID, String> ignored = new LinkedHashMap<>();
		for (Entry entry : entries) {
			UUID eventId = entry.event.eventId();
			if (!claimed.remove(eventId)) {
				logger.debug("Skipping {} {}: it was processed before", entry.event.eventType(), eventId);
				outcomes.put(entry, null);
				continue;
			}
			Outcome outcome = process(entry.event, status);
			if (outcome.isIgnored()) {
				ignored.put(eventId, outcome.ignoredBecause());
			}
			outcomes.put(entry, outcome);
		}
		this.processedEvents.ignored(ignored);
		return outcomes;
	}

	private Outcome process(RoutedEvent event, TransactionStatus status) {
		MessageHeaders headers = event.message().getHeaders();
		return this.tracing.process("process " + event.eventType(), headers::get,
				text(headers.get(MESSAGE_GROUP_ATTRIBUTE)), event.eventId().toString(), sentAt(headers), () -> {
					Outcome outcome = event.apply();
					// Hibernate's writes run here, in this event's span,
					// rather than at the commit, outside every span.
					status.flush();
					// Inside the span, so that the line carries the trace and the group.
					if (outcome.isIgnored()) {
						logger.info("Ignoring {} {}: {}", LogText.escape(event.eventType()), event.eventId(),
								LogText.escape(outcome.ignoredBecause()));
					}
					return outcome;
				});
	}

	private static @Nullable Instant sentAt(MessageHeaders headers) {
		try {
			String sent = text(headers.get(SqsHeaders.MessageSystemAttributes.SQS_SENT_TIMESTAMP));
			return (sent != null) ? Instant.ofEpochMilli(Long.parseLong(sent)) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private void observe(List<ConsumedMessage> report) {
		for (EventObserver observer : this.observers) {
			// The messages are acknowledged or failed already; an observer cannot change
			// that.
			try {
				observer.observe(report);
			}
			catch (RuntimeException ex) {
				logger.warn("{} cannot observe a batch: {}", observer.getClass().getSimpleName(), LogText.escape(ex));
			}
		}
	}

	private static final class Entry {

		private final Message<String> message;

		private final @Nullable Object group;

		private @Nullable RoutedEvent event;

		private @Nullable Status status;

		private @Nullable Throwable failure;

		private long endedAt;

		private Entry(Message<String> message) {
			this.message = message;
			this.group = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER);
		}

	}

	private static final class Batch {

		private final long startedAt = System.nanoTime();

		private final List<Entry> entries = new ArrayList<>();

		// The FIFO message groups stopped at a failure.
		private final Map<Object, Entry> stopped = new LinkedHashMap<>();

		private Batch(List<Message<String>> messages) {
			messages.forEach((message) -> this.entries.add(new Entry(message)));
		}

		List<Entry> pending() {
			return this.entries.stream().filter((entry) -> entry.status == null).toList();
		}

		boolean isHeldBack(Entry entry) {
			return entry.status == Status.FAILED;
		}

		void done(Map<Entry, @Nullable Outcome> outcomes) {
			long now = System.nanoTime();
			outcomes.forEach((entry, outcome) -> {
				entry.status = (outcome == null) ? Status.DUPLICATE
						: outcome.isIgnored() ? Status.IGNORED : Status.APPLIED;
				entry.endedAt = now;
			});
		}

		void failAll(List<Entry> failed, Throwable failure) {
			failed.stream().filter((entry) -> entry.status == null).forEach((entry) -> fail(entry, failure));
		}

		// On a FIFO queue the later messages of the failed one's group fail with it, so
		// that none is applied before it.
		void fail(Entry entry, Throwable failure) {
			failed(entry, failure);
			if (entry.group == null || this.stopped.putIfAbsent(entry.group, entry) != null) {
				return;
			}
			for (Entry later : this.entries.subList(this.entries.indexOf(entry) + 1, this.entries.size())) {
				if (entry.group.equals(later.group) && later.status == null) {
					failed(later, new MessageHeldBackException(entry.message, entry.group));
				}
			}
		}

		private void failed(Entry entry, Throwable failure) {
			entry.status = Status.FAILED;
			entry.failure = failure;
			entry.endedAt = System.nanoTime();
			if (!DatabaseOutages.isOutage(failure) && !(failure instanceof MessageHeldBackException)) {
				logger.warn("Message {} failed on receive {}: {}",
						entry.message.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER),
						entry.message.getHeaders()
							.get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
						LogText.escape(failure));
			}
		}

		List<Message<String>> succeeded() {
			return this.entries.stream()
				.filter((entry) -> entry.status != Status.FAILED)
				.map((entry) -> entry.message)
				.toList();
		}

		List<Message<String>> failed() {
			return this.entries.stream()
				.filter((entry) -> entry.status == Status.FAILED)
				.map((entry) -> entry.message)
				.toList();
		}

		// An outage decides how the error handler treats the batch's failed messages:
		// it pauses and redelivers them soon, rather than backing them off.
		Throwable failure() {
			List<Throwable> failures = this.entries.stream()
				.map((entry) -> entry.failure)
				.filter((failure) -> failure != null)
				.toList();
			return failures.stream()
				.filter(DatabaseOutages::isOutage)
				.findFirst()
				.or(() -> failures.stream()
					.filter((failure) -> !(failure instanceof MessageHeldBackException))
					.findFirst())
				.orElse(failures.get(0));
		}

		List<ConsumedMessage> report() {
			return this.entries.stream().map(this::report).toList();
		}

		private ConsumedMessage report(Entry entry) {
			RoutedEvent event = entry.event;
			return new ConsumedMessage(entry.message,
					(event != null) ? event.eventType() : text(entry.message.getHeaders().get(EVENT_TYPE_ATTRIBUTE)),
					(event != null) ? event.eventId().toString()
							: text(entry.message.getHeaders().get(EVENT_ID_ATTRIBUTE)),
					(event != null) ? event.occurredAt() : null, entry.status, entry.failure,
					Duration.ofNanos(entry.endedAt - this.startedAt));
		}

		private static @Nullable String text(@Nullable Object value) {
			return (value != null) ? value.toString() : null;
		}

	}

}
