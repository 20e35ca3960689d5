package io.bookingdemo.support.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetricsInterceptorTests {

	private static final String QUEUE = "payment-service-booking-events";

	private static final Instant NOW = Instant.parse("2027-02-01T09:31:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final EventMetricsInterceptor interceptor = new EventMetricsInterceptor(this.registry,
			JsonMapper.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void countsAProcessedEventByItsEventTypeAttributeAndRecordsItsAge() {
		process(aMessage("{\"eventType\":\"BookingChanged\",\"occurredAt\":\"2027-02-01T09:30:00Z\"}",
				"BookingCreated"), null);

		assertThat(this.registry.get("events.processed")
			.tags("queue", QUEUE, "event.type", "BookingCreated")
			.counter()
			.count()).isEqualTo(1.0);
		Timer age = this.registry.get("events.age").tags("queue", QUEUE, "event.type", "BookingCreated").timer();
		assertThat(age.count()).isOne();
		assertThat(age.totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
		assertThat(this.registry.get("events.processing").tags("event.type", "BookingCreated").timer().count()).isOne();
		assertThat(this.registry.find("events.failed").counter()).isNull();
	}

	@Test
	void takesTheEventTypeFromTheBodyWithoutAnAttribute() {
		process(aMessage("{\"eventType\":\"BookingCreated\",\"occurredAt\":\"2027-02-01T09:30:00Z\"}", null), null);

		assertThat(this.registry.get("events.processed").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void countsAFailureWithoutAnAge() {
		process(aMessage("{\"eventType\":\"BookingCreated\",\"occurredAt\":\"2027-02-01T09:30:00Z\"}", null),
				new IllegalStateException("refused"));

		assertThat(this.registry.get("events.failed").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("events.processing").tags("event.type", "BookingCreated").timer().count()).isOne();
		assertThat(this.registry.find("events.processed").counter()).isNull();
		assertThat(this.registry.find("events.age").timer()).isNull();
	}

	@Test
	void tagsMissingOrMalformedEventTypesAsUnknown() {
		process(aMessage("not json", null), new IllegalStateException("not json"));
		process(aMessage("{\"eventType\":\"Booking Created\"}", null), new IllegalStateException("unknown type"));
		process(aMessage("{}", "Booking".repeat(10)), new IllegalStateException("unknown type"));

		assertThat(this.registry.get("events.failed").tags("event.type", "unknown").counter().count()).isEqualTo(3.0);
		assertThat(this.registry.get("events.failed").counters()).hasSize(1);
	}

	@Test
	void countsAnEventThatOccurredLaterThanNowAsZeroAge() {
		process(aMessage("{\"eventType\":\"BookingCreated\",\"occurredAt\":\"2027-02-01T09:32:00Z\"}", null), null);

		Timer age = this.registry.get("events.age").timer();
		assertThat(age.count()).isOne();
		assertThat(age.totalTime(TimeUnit.SECONDS)).isZero();
	}

	private void process(Message<Object> message, Throwable failure) {
		this.interceptor.afterProcessing(this.interceptor.intercept(message), failure);
	}

	private static Message<Object> aMessage(String body, String eventTypeAttribute) {
		MessageBuilder<Object> message = MessageBuilder.<Object>withPayload(body)
			.setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, QUEUE);
		if (eventTypeAttribute != null) {
			message.setHeader("eventType", eventTypeAttribute);
		}
		return message.build();
	}

}
