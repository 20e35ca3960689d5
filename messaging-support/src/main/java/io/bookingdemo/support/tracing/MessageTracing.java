package io.bookingdemo.support.tracing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Carries the trace of a business operation across the outbox and the queues: it reads
 * the W3C trace context of the transaction that writes an outbox row, starts the relay's
 * publish span and the consumer's processing span as children of the context a row or a
 * message carries, and tags each span, and the logging context, with the message group
 * the events are about (the business id); the span of each SQL statement run in a trace
 * carries the group too.
 * <p>
 * A missing, malformed or oversized context is ignored: the span starts a new trace.
 */
public final class MessageTracing {

	/**
	 * The W3C trace context field, stored with each outbox row and sent as a message
	 * attribute.
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * The W3C vendor trace state field, stored and sent beside {@link #TRACEPARENT} when
	 * there is one.
	 */
	public static final String TRACESTATE = "tracestate";

	// A version-00 traceparent has 55 characters; W3C caps a tracestate at 512. Anything
	// longer is not parsed: it starts a new trace (and fits the outbox's columns).
	static final int MAX_TRACEPARENT = 64;

	static final int MAX_TRACESTATE = 512;

	private final Tracer tracer;

	private final Propagator propagator;

	private final String groupTag;

	private final Clock clock;

	/**
	 * Creates the tracing of messages.
	 * @param tracer the tracer, {@link Tracer#NOOP} when tracing is off
	 * @param propagator writes and reads the W3C fields, {@link Propagator#NOOP} when
	 * tracing is off
	 * @param groupTag the span tag and logging context key of the message group
	 * @param clock the clock the outbox wait is measured with
	 */
	public MessageTracing(Tracer tracer, Propagator propagator, String groupTag, Clock clock) {
		this.tracer = tracer;
		this.propagator = propagator;
		this.groupTag = groupTag;
		this.clock = clock;
	}

	/**
	 * Tracing that records nothing, for plumbing built without a tracer.
	 * @return the tracing
	 */
	public static MessageTracing off() {
		return new MessageTracing(Tracer.NOOP, Propagator.NOOP, "message.group", Clock.systemUTC());
	}

	/**
	 * The current span's trace context, to store with an outbox row written in it; the
	 * current span is tagged with the row's group.
	 * @param group the message group of the event the row holds
	 * @return the context, empty if there is no current span
	 */
	public StoredContext captureFor(String group) {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return StoredContext.NONE;
		}
		span.tag(this.groupTag, group);
		Map<String, String> fields = new HashMap<>(4);
		this.propagator.inject(span.context(), fields, Map::put);
		return StoredContext.of(fields.get(TRACEPARENT), fields.get(TRACESTATE));
	}

	/**
	 * Puts a message group in the logging context of the current thread, unless one is
	 * there already.
	 * @param group the group
	 * @return takes it out again; does nothing if the group was there already
	 */
	public Runnable logGroup(String group) {
		String logged = MDC.get(this.groupTag);
		if (logged != null) {
			endStatements(logged);
			return () -> {
			};
		}
		MDC.put(this.groupTag, group);
		endStatements(group);
		return () -> MDC.remove(this.groupTag);
	}

	/**
	 * Ends the span of an SQL statement, tagged with the message group of the logging
	 * context. A statement that runs in a transaction before its group is known (an HTTP
	 * request's statements before it appends its event to the outbox) keeps its end time
	 * and is ended, tagged, once {@link #logGroup} names the group, or untagged when the
	 * transaction ends without one.
	 * @param span the statement's span
	 */
	void endStatement(Span span) {
		String group = MDC.get(this.groupTag);
		if (group != null) {
			span.tag(this.groupTag, group).end();
		}
		else if (TransactionSynchronizationManager.isSynchronizationActive()) {
			waitingStatements().add(new EndedStatement(span, this.clock.instant()));
		}
		else {
			span.end();
		}
	}

	private List<EndedStatement> waitingStatements() {
		@SuppressWarnings("unchecked")
		List<EndedStatement> waiting = (List<EndedStatement>) TransactionSynchronizationManager.getResource(this);
		if (waiting != null) {
			return waiting;
		}
		List<EndedStatement> created = new ArrayList<>();
		TransactionSynchronizationManager.bindResource(this, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(MessageTracing.this);
				created.forEach(EndedStatement::end);
			}

		});
		return created;
	}

	private void endStatements(String group) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		@SuppressWarnings("unchecked")
		List<EndedStatement> waiting = (List<EndedStatement>) TransactionSynchronizationManager.getResource(this);
		if (waiting != null) {
			for (EndedStatement statement : waiting) {
				statement.span().tag(this.groupTag, group);
				statement.end();
			}
			waiting.clear();
		}
	}

	/**
	 * Starts the span of one outbox row's publish, a child of the context stored with the
	 * row, after recording the time the row waited in the outbox as an
	 * {@code outbox wait} span beside it and as the publish span's {@code outbox.wait.ms}
	 * tag.
	 * @param eventType the row's event type
	 * @param group the row's message group
	 * @param createdAt when the row was written
	 * @param stored the context stored with the row
	 * @return the started span; the caller ends it once SNS has answered
	 */
	public Span startPublish(String eventType, String group, Instant createdAt, StoredContext stored) {
		Instant now = this.clock.instant();
		long waitedMillis = Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli());
		continuing(stored::field).name("outbox wait")
			.tag(this.groupTag, group)
			.startTimestamp(createdAt.toEpochMilli(), TimeUnit.MILLISECONDS)
			.start()
			.end(now.toEpochMilli(), TimeUnit.MILLISECONDS);
		return continuing(stored::field).name("publish " + eventType)
			.kind(Span.Kind.PRODUCER)
			.tag(this.groupTag, group)
			.tag("event.type", eventType)
			.tag("outbox.wait.ms", waitedMillis)
			.start();
	}

	/**
	 * Writes a span's W3C trace context as message attributes.
	 * @param span the span the receivers continue
	 * @param attributes takes each field's name and value
	 */
	public void inject(Span span, BiConsumer<String, String> attributes) {
		this.propagator.inject(span.context(), attributes, (sink, name, value) -> {
			// Only the trace context travels: baggage would take attributes of SNS's ten.
			if (TRACEPARENT.equals(name) || TRACESTATE.equals(name)) {
				sink.accept(name, value);
			}
		});
	}

	/**
	 * Runs the handling of one received message in a span of its own, continuing the
	 * trace context the message carries, with the message group in the logging context.
	 * @param <T> what the handling returns
	 * @param name the span's name
	 * @param headers reads the message's attributes by name
	 * @param group the message group, if the message names one
	 * @param eventId the event's id
	 * @param sentAt when the message was sent to its queue, if known, for the
	 * {@code queue.wait.ms} tag
	 * @param handling the handling
	 * @return what the handling returned
	 */
	public <T> T process(String name, Function<String, @Nullable Object> headers, @Nullable String group,
			String eventId, @Nullable Instant sentAt, Supplier<T> handling) {
		Span.Builder builder = continuing((field) -> text(headers.apply(field))).name(name)
			.kind(Span.Kind.CONSUMER)
			.tag("event.id", eventId);
		if (group != null) {
			builder.tag(this.groupTag, group);
		}
		if (sentAt != null) {
			builder.tag("queue.wait.ms", Math.max(0, this.clock.millis() - sentAt.toEpochMilli()));
		}
		Span span = builder.start();
		String previousGroup = MDC.get(this.groupTag);
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			if (group != null) {
				MDC.put(this.groupTag, group);
			}
			return handling.get();
		}
		catch (RuntimeException | Error ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			restore(previousGroup);
			span.end();
		}
	}

	private void restore(@Nullable String previousGroup) {
		if (previousGroup != null) {
			MDC.put(this.groupTag, previousGroup);
		}
		else {
			MDC.remove(this.groupTag);
		}
	}

	private Span.Builder continuing(Function<String, @Nullable String> fields) {
		Map<String, String> valid = new HashMap<>(4);
		String traceParent = fields.apply(TRACEPARENT);
		if (traceParent != null && traceParent.length() <= MAX_TRACEPARENT) {
			valid.put(TRACEPARENT, traceParent);
			String traceState = fields.apply(TRACESTATE);
			if (traceState != null && traceState.length() <= MAX_TRACESTATE) {
				valid.put(TRACESTATE, traceState);
			}
		}
		if (valid.isEmpty()) {
			return this.tracer.spanBuilder().setNoParent();
		}
		try {
			return this.propagator.extract(valid, Map::get);
		}
		catch (RuntimeException ex) {
			// A context no parser accepts is not the message's fault: it starts a new
			// trace.
			return this.tracer.spanBuilder().setNoParent();
		}
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	private record EndedStatement(Span span, Instant endedAt) {

		void end() {
			this.span.end(this.endedAt.getEpochSecond() * 1_000_000_000L + this.endedAt.getNano(),
					TimeUnit.NANOSECONDS);
		}

	}

	/**
	 * The W3C trace context stored with an outbox row.
	 *
	 * @param traceParent the {@code traceparent} field, if any
	 * @param traceState the {@code tracestate} field, if any
	 */
	public record StoredContext(@Nullable String traceParent, @Nullable String traceState) {

		/** No context: the row's publish starts a new trace. */
		public static final StoredContext NONE = new StoredContext(null, null);

		/**
		 * A context to store, its fields dropped when they do not fit their columns.
		 * @param traceParent the {@code traceparent} field
		 * @param traceState the {@code tracestate} field
		 * @return the context
		 */
		public static StoredContext of(@Nullable String traceParent, @Nullable String traceState) {
			if (traceParent == null || traceParent.length() > MAX_TRACEPARENT) {
				return NONE;
			}
			return new StoredContext(traceParent,
					(traceState != null && !traceState.isEmpty() && traceState.length() <= MAX_TRACESTATE) ? traceState
							: null);
		}

		@Nullable String field(String name) {
			return switch (name) {
				case TRACEPARENT -> this.traceParent;
				case TRACESTATE -> this.traceState;
				default -> null;
			};
		}

	}

}
