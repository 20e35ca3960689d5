package io.bookingdemo.support.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.consumer.ConsumedMessage;
import io.bookingdemo.support.consumer.ConsumedMessage.Status;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetricsTests {

	private static final String QUEUE = "payment-service-booking-events";

	private static final Instant NOW = Instant.parse("2027-02-01T09:31:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final EventMetrics metrics = new EventMetrics(this.registry, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void countsAProcessedEventByItsTypeAndRecordsItsAgeAndProcessingTime() {
		this.metrics
			.observe(List.of(consumed("BookingCreated", Instant.parse("2027-02-01T09:30:00Z"), Status.APPLIED)));

		assertThat(this.registry.get("events.processed")
			.tags("queue", QUEUE, "event.type", "BookingCreated")
			.counter()
			.count()).isEqualTo(1.0);
		Timer age = this.registry.get("events.age").tags("queue", QUEUE, "event.type", "BookingCreated").timer();
		assertThat(age.count()).isOne();
		assertThat(age.totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
		Timer processing = this.registry.get("events.processing").tags("event.type", "BookingCreated").timer();
		assertThat(processing.count()).isOne();
		assertThat(processing.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(25.0);
		assertThat(this.registry.find("events.failed").counter()).isNull();
		assertThat(this.registry.find("events.duplicates.skipped").counter()).isNull();
	}

	@Test
	void countsEachMessageOfABatch() {
		this.metrics.observe(List.of(consumed("BookingCreated", null, Status.APPLIED),
				consumed("BookingCreated", null, Status.IGNORED), consumed("PaymentCaptured", null, Status.APPLIED)));

		assertThat(this.registry.get("events.processed").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(2.0);
		assertThat(this.registry.get("events.processed").tags("event.type", "PaymentCaptured").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void countsADuplicateAsProcessedAndSkipped() {
		this.metrics.observe(List.of(consumed("BookingCreated", null, Status.DUPLICATE)));

		assertThat(
				this.registry.get("events.duplicates.skipped").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("events.processed").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void countsAFailureWithoutAnAge() {
		this.metrics.observe(List.of(consumed("BookingCreated", Instant.parse("2027-02-01T09:30:00Z"), Status.FAILED)));

		assertThat(this.registry.get("events.failed").tags("event.type", "BookingCreated").counter().count())
			.isEqualTo(1.0);
		assertThat(this.registry.get("events.processing").tags("event.type", "BookingCreated").timer().count()).isOne();
		assertThat(this.registry.find("events.processed").counter()).isNull();
		assertThat(this.registry.find("events.age").timer()).isNull();
	}

	@Test
	void tagsMissingOrMalformedEventTypesAsUnknown() {
		this.metrics.observe(List.of(consumed(null, null, Status.FAILED),
				consumed("Booking Created", null, Status.FAILED), consumed("Booking".repeat(10), null, Status.FAILED)));

		assertThat(this.registry.get("events.failed").tags("event.type", "unknown").counter().count()).isEqualTo(3.0);
		assertThat(this.registry.get("events.failed").counters()).hasSize(1);
	}

	@Test
	void countsAnEventThatOccurredLaterThanNowAsZeroAge() {
		this.metrics
			.observe(List.of(consumed("BookingCreated", Instant.parse("2027-02-01T09:32:00Z"), Status.APPLIED)));

		Timer age = this.registry.get("events.age").timer();
		assertThat(age.count()).isOne();
		assertThat(age.totalTime(TimeUnit.SECONDS)).isZero();
	}

	private static ConsumedMessage consumed(String eventType, Instant occurredAt, Status status) {
		return new ConsumedMessage(
				MessageBuilder.withPayload("{}").setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, QUEUE).build(), eventType,
				null, occurredAt, status, (status == Status.FAILED) ? new IllegalStateException("refused") : null,
				Duration.ofMillis(25));
	}

}
