package io.bookingdemo.support.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.springframework.messaging.Message;

/**
 * Hands each event a listener receives to the handler of its type, once: reads the
 * {@code eventType} and {@code eventVersion} of the body, binds the body to the record
 * the service reads that version with, and runs the handler through
 * {@link ProcessedEvents#runOnce}, so that a duplicate delivery is skipped and the
 * handler's effect commits with the record of the event. Anything it cannot route fails
 * with {@link UnprocessableMessageException}, before any handler runs: a body that is not
 * a JSON object, breaks the parsing limits, holds a number out of range, or has no event
 * id. Every failure is logged with the message's id and receive count and propagates, so
 * that SQS delivers the message again.
 */
public final class EventRouter {

	private static final Logger logger = LoggerFactory.getLogger(EventRouter.class);

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

	private final JsonMapper json;

	private final JsonFactory parsers;

	private final ProcessedEvents processedEvents;

	private final Map<String, Route<?>> routes;

	private EventRouter(JsonMapper json, ProcessedEvents processedEvents, Map<String, Route<?>> routes) {
		this.json = json;
		this.parsers = ((JsonFactory) json.tokenStreamFactory()).rebuild().streamReadConstraints(LIMITS).build();
		this.processedEvents = processedEvents;
		this.routes = Map.copyOf(routes);
	}

	/**
	 * Starts a router.
	 * @param json the mapper the events are read with
	 * @param processedEvents the record of the events already handled
	 * @return a builder to add the routes to
	 */
	public static Builder builder(JsonMapper json, ProcessedEvents processedEvents) {
		return new Builder(json, processedEvents);
	}

	/**
	 * Routes a message's event to its handler.
	 * @param message the message, its body an event in JSON
	 * @throws UnprocessableMessageException if the message is not an event this router
	 * reads
	 */
	public void route(Message<String> message) {
		try {
			route(message.getPayload());
		}
		catch (RuntimeException ex) {
			if (DatabaseOutages.isOutage(ex)) {
				// ListenerPause logs the outage once; every message it fails is not news.
				throw ex;
			}
			logger.warn("Message {} failed on receive {}: {}",
					message.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER),
					message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
					ex.toString());
			throw ex;
		}
	}

	private void route(String body) {
		JsonNode event = read(() -> {
			try (JsonParser parser = parser(body)) {
				return this.json.readTree(parser);
			}
		}, "The message is not JSON");
		if (event == null || !event.isObject()) {
			throw new UnprocessableMessageException("The message is not a JSON object");
		}
		requireFiniteNumbers(event);
		JsonNode type = event.path("eventType");
		if (!type.isString()) {
			throw new UnprocessableMessageException("The message is not an event with an eventType");
		}
		Route<?> route = this.routes.get(type.stringValue());
		if (route == null) {
			throw new UnprocessableMessageException("Unsupported event type '" + type.stringValue() + "'");
		}
		int version = event.path("eventVersion").asInt(0);
		if (version != route.version()) {
			throw new UnprocessableMessageException(
					"Unsupported version " + version + " of " + type.stringValue() + ", expected " + route.version());
		}
		route.handle(this, type.stringValue(), body);
	}

	private JsonParser parser(String body) {
		return this.parsers.createParser(ObjectReadContext.empty(), body);
	}

	// A float like 1e999999 is short enough to pass the limits, but no double holds it
	// and, bound to a BigDecimal, it would make every later step compute a million
	// digits.
	private static void requireFiniteNumbers(JsonNode node) {
		if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
			throw new UnprocessableMessageException("The message holds a number out of range");
		}
		if (node.isContainer()) {
			node.valueStream().forEach(EventRouter::requireFiniteNumbers);
		}
	}

	private static <T> T read(Supplier<T> reader, String failure) {
		try {
			return reader.get();
		}
		catch (JacksonException ex) {
			throw new UnprocessableMessageException(failure + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Collects the event types a listener reads.
	 */
	public static final class Builder {

		private final JsonMapper json;

		private final ProcessedEvents processedEvents;

		private final Map<String, Route<?>> routes = new LinkedHashMap<>();

		private Builder(JsonMapper json, ProcessedEvents processedEvents) {
			this.json = json;
			this.processedEvents = processedEvents;
		}

		/**
		 * Routes one version of one event type.
		 * @param <T> the record the service reads the event with
		 * @param eventType the event type's wire name
		 * @param eventVersion the version the record reads
		 * @param payload the record
		 * @param eventId reads the id the event is deduplicated by
		 * @param handler what the listener does with the event, at most once per event id
		 * @return this builder
		 */
		public <T> Builder on(String eventType, int eventVersion, Class<T> payload, Function<T, UUID> eventId,
				Consumer<T> handler) {
			this.routes.put(eventType, new Route<>(eventVersion, payload, eventId, handler));
			return this;
		}

		/**
		 * Builds the router.
		 * @return the router
		 */
		public EventRouter build() {
			return new EventRouter(this.json, this.processedEvents, this.routes);
		}

	}

	private record Route<T>(int version, Class<T> payload, Function<T, UUID> eventId, Consumer<T> handler) {

		// Binds from the text, not the tree, so that decimals keep their exact digits.
		void handle(EventRouter router, String eventType, String body) {
			T event = read(() -> {
				try (JsonParser parser = router.parser(body)) {
					return router.json.readValue(parser, this.payload);
				}
			}, "Cannot read " + this.payload.getSimpleName() + " version " + this.version);
			UUID id = this.eventId.apply(event);
			if (id == null) {
				throw new UnprocessableMessageException("The " + eventType + " event has no eventId");
			}
			router.processedEvents.runOnce(id, eventType, () -> this.handler.accept(event));
		}

	}

}
