package io.bookingdemo.support.consumer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.logging.LogText;
import org.springframework.messaging.Message;

/**
 * Reads each message a listener receives once, into the record its event type and version
 * are read with, and hands the batch to the {@link EventConsumer}, which runs each
 * event's handler at most once. The type and version come from the message attributes
 * {@code eventType} and {@code eventVersion}. A message it cannot read fails with
 * {@link UnprocessableMessageException} before any handler runs: no or an unknown type or
 * version, a body that is not a JSON object, breaks the parsing limits or holds a number
 * out of bounds (a JSON number or a string read as a {@code BigDecimal} alike), an event
 * its record or the record's Bean Validation constraints refuse, or an event without an
 * id.
 */
public final class EventRouter {

	// Events are small, flat records. Limits far below Jackson's defaults make a hostile
	// body (deeply nested, a huge string, a number of hundreds of digits) fail while it
	// is parsed, before it costs memory or time, and before any handler sees it.
	static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
		.maxNestingDepth(16)
		.maxNumberLength(32)
		.maxStringLength(10_000)
		.maxNameLength(256)
		.maxDocumentLength(256 * 1024)
		.build();

	private static final String EVENT_TYPE_ATTRIBUTE = "eventType";

	private static final String EVENT_VERSION_ATTRIBUTE = "eventVersion";

	private final JsonMapper json;

	private final JsonFactory parsers;

	private final EventConsumer consumer;

	private final Map<String, Route<?>> routes;

	private final EventChecks checks;

	private EventRouter(JsonMapper json, EventConsumer consumer, Map<String, Route<?>> routes) {
		// A consumer that brings no checks, a mock in a listener's unit test, reads with
		// the default bounds.
		EventChecks checks = consumer.checks();
		this.checks = (checks != null) ? checks : EventChecks.DEFAULTS.get();
		// Decimals are read as BigDecimal into the tree, so that they keep their exact
		// digits when the tree is bound to the record.
		this.json = json.rebuild()
			.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.addModule(this.checks.module())
			.build();
		this.parsers = ((JsonFactory) json.tokenStreamFactory()).rebuild().streamReadConstraints(LIMITS).build();
		this.consumer = consumer;
		this.routes = routes;
	}

	/**
	 * Makes the router of a service's routes.
	 * @param json the mapper the events are read with
	 * @param consumer the idempotent consumer the events are handed to
	 * @param routes the routes, each event type in one of them only
	 * @return the router
	 * @throws IllegalStateException if an event type is in more than one of the routes
	 */
	public static EventRouter of(JsonMapper json, EventConsumer consumer, List<EventRoutes> routes) {
		EventRoutes all = new EventRoutes();
		routes.forEach((some) -> some.addTo(all));
		return new EventRouter(json, consumer, all.routes());
	}

	/**
	 * Handles the messages of one receive: each message's event goes to the handler of
	 * its type, at most once.
	 * @param messages the messages, their bodies events in JSON
	 * @throws io.awspring.cloud.sqs.listener.ListenerExecutionFailedException naming the
	 * messages that failed, if any did; the others are acknowledged
	 */
	public void route(List<Message<String>> messages) {
		this.consumer.consume(messages, this);
	}

	/**
	 * Reads a message's event and binds it to its handler, without running it.
	 * @param message the message
	 * @return the event, ready to apply
	 * @throws UnprocessableMessageException if the message is not an event this router
	 * reads
	 */
	public RoutedEvent read(Message<String> message) {
		String eventType = message.getHeaders().get(EVENT_TYPE_ATTRIBUTE) instanceof String type ? type : null;
		if (eventType == null) {
			throw new UnprocessableMessageException("The message has no eventType attribute");
		}
		Route<?> route = this.routes.get(eventType);
		if (route == null) {
			throw new UnprocessableMessageException("Unsupported event type '" + LogText.escape(eventType, 64) + "'");
		}
		String version = String.valueOf(message.getHeaders().get(EVENT_VERSION_ATTRIBUTE));
		if (!version.equals(String.valueOf(route.version()))) {
			throw new UnprocessableMessageException("Unsupported version " + LogText.escape(version, 16) + " of "
					+ eventType + ", expected " + route.version());
		}
		JsonNode event = read(() -> {
			try (JsonParser parser = this.parsers.createParser(ObjectReadContext.empty(), message.getPayload())) {
				return this.json.readTree(parser);
			}
		}, "The message is not JSON");
		if (event == null || !event.isObject()) {
			throw new UnprocessableMessageException("The message is not a JSON object");
		}
		// A number like 1e999999 is short enough to pass the limits, but rounded or
		// printed it would make a later step compute a million digits.
		this.checks.requireBoundedNumbers(event);
		return route.bind(this.json, this.checks, message, eventType, event);
	}

	private static <T> T read(Supplier<T> reader, String failure) {
		try {
			return reader.get();
		}
		catch (JacksonException ex) {
			// Jackson quotes the input it stumbled on.
			throw new UnprocessableMessageException(failure + ": " + LogText.escape(ex.getOriginalMessage()), ex);
		}
	}

	private static @Nullable Instant occurredAt(JsonNode event) {
		try {
			return Instant.parse(event.path("occurredAt").asString(""));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	record Route<T>(int version, Class<T> payload, Function<T, UUID> eventId, Function<T, Outcome> handler) {

		RoutedEvent bind(JsonMapper json, EventChecks checks, Message<String> message, String eventType,
				JsonNode tree) {
			T event = read(() -> json.treeToValue(tree, this.payload),
					"Cannot read " + this.payload.getSimpleName() + " version " + this.version);
			checks.requireValid(eventType, event);
			UUID id = this.eventId.apply(event);
			if (id == null) {
				throw new UnprocessableMessageException("The " + eventType + " event has no eventId");
			}
			return new RoutedEvent(message, id, eventType, occurredAt(tree), () -> this.handler.apply(event));
		}

	}

}
