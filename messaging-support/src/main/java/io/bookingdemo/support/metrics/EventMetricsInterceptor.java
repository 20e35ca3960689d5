package io.bookingdemo.support.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.messaging.Message;

/**
 * Counts, times and ages every message the listener container processes, by queue and
 * event type.
 */
class EventMetricsInterceptor implements MessageInterceptor<Object> {

	private static final Logger logger = LoggerFactory.getLogger(EventMetricsInterceptor.class);

	private static final String SAMPLE_HEADER = EventMetricsInterceptor.class.getName() + ".sample";

	private static final String EVENT_TYPE_ATTRIBUTE = "eventType";

	// Anything else, a poison message's made-up type included, shares one tag value, so
	// that a bad sender cannot create series without bound.
	private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z]{1,64}");

	private static final String UNKNOWN = "unknown";

	// Events can wait in the outbox or the queue for minutes during an outage.
	private static final Duration LONGEST_EXPECTED_AGE = Duration.ofHours(1);

	private final MeterRegistry registry;

	private final JsonMapper json;

	private final Clock clock;

	EventMetricsInterceptor(MeterRegistry registry, JsonMapper json, Clock clock) {
		this.registry = registry;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		return MessageHeaderUtils.addHeaderIfAbsent(message, SAMPLE_HEADER, Timer.start(this.registry));
	}

	@Override
	public void afterProcessing(Message<Object> message, Throwable failure) {
		// An exception here would fail the message after the listener succeeded, and SQS
		// would deliver it again.
		try {
			record(message, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot record the metrics of message {}: {}", MessageHeaderUtils.getRawMessageId(message),
					ex.toString());
		}
	}

	private void record(Message<Object> message, Throwable failure) {
		JsonNode body = body(message);
		Tags tags = Tags.of("queue", String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER)),
				"event.type", eventType(message, body));
		Timer.Sample sample = message.getHeaders().get(SAMPLE_HEADER, Timer.Sample.class);
		if (sample != null) {
			sample.stop(Timer.builder("events.processing")
				.description("Time the listener took for a message, successful or not")
				.tags(tags)
				.publishPercentileHistogram()
				.register(this.registry));
		}
		if (failure != null) {
			this.registry.counter("events.failed", tags).increment();
			return;
		}
		this.registry.counter("events.processed", tags).increment();
		occurredAt(body).ifPresent((occurredAt) -> Timer.builder("events.age")
			.description("Time from the event's occurredAt to the end of its processing")
			.tags(tags)
			.publishPercentileHistogram()
			.maximumExpectedValue(LONGEST_EXPECTED_AGE)
			.register(this.registry)
			.record(age(occurredAt)));
	}

	private JsonNode body(Message<Object> message) {
		if (message.getPayload() instanceof String text) {
			try {
				return this.json.readTree(text);
			}
			catch (JacksonException ex) {
				return MissingNode.getInstance();
			}
		}
		return MissingNode.getInstance();
	}

	private static String eventType(Message<Object> message, JsonNode body) {
		Object attribute = message.getHeaders().get(EVENT_TYPE_ATTRIBUTE);
		String eventType = (attribute instanceof String text) ? text : body.path("eventType").asString("");
		return EVENT_TYPE.matcher(eventType).matches() ? eventType : UNKNOWN;
	}

	private static Optional<Instant> occurredAt(JsonNode body) {
		try {
			return Optional.of(Instant.parse(body.path("occurredAt").asString("")));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	// A producer's clock that runs ahead would make the age negative, which a timer
	// drops; the event is counted as just in time instead.
	private Duration age(Instant occurredAt) {
		Duration age = Duration.between(occurredAt, this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

}
