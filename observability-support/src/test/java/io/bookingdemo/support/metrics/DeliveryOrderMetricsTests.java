package io.bookingdemo.support.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.consumer.ConsumedMessage;
import io.bookingdemo.support.consumer.ConsumedMessage.Status;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryOrderMetricsTests {

	private static final String QUEUE = "notification-service-events";

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DeliveryOrderMetrics metrics = new DeliveryOrderMetrics(this.registry);

	@Test
	void countsAMessageReceivedAfterALaterOneOfItsGroupAndPublisher() {
		String booking = UUID.randomUUID().toString();

		deliver(aMessage("booking-events", booking, 7), null);
		deliver(aMessage("booking-events", booking, 5), null);
		deliver(aMessage("booking-events", booking, 9), null);

		assertThat(count("events.out.of.order")).isEqualTo(1.0);
	}

	@Test
	void keepsEachPublishersAndEachGroupsSequencesApart() {
		String booking = UUID.randomUUID().toString();

		deliver(aMessage("booking-events", booking, 7), null);
		deliver(aMessage("payment-events", booking, 2), null);
		deliver(aMessage("booking-events", UUID.randomUUID().toString(), 1), null);
		deliver(aMessage("booking-events", booking, 7), null);

		assertThat(this.registry.find("events.out.of.order").counter()).as("a redelivery is not out of order").isNull();
	}

	@Test
	void countsADeliveryOfAnEventAlreadyProcessedButNotARetryOfAFailedOne() {
		Message<String> failing = aMessage("booking-events", "b-1", 1);
		Message<String> processed = aMessage("booking-events", "b-2", 1);

		deliver(failing, new IllegalStateException("refused"));
		deliver(failing, null);
		deliver(processed, null);
		deliver(processed, null);

		assertThat(count("events.duplicate.deliveries")).isEqualTo(1.0);
	}

	@Test
	void ignoresMessagesWithoutOrderingAttributes() {
		deliver(MessageBuilder.withPayload("{}").setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, QUEUE).build(), null);

		assertThat(this.registry.getMeters()).isEmpty();
	}

	private void deliver(Message<String> message, Throwable failure) {
		this.metrics.observe(List.of(new ConsumedMessage(message, null, null, null,
				(failure != null) ? Status.FAILED : Status.APPLIED, failure, Duration.ZERO)));
	}

	private double count(String name) {
		Counter counter = this.registry.get(name).tag("queue", QUEUE).counter();
		return counter.count();
	}

	private static Message<String> aMessage(String publisher, String group, long sequence) {
		return MessageBuilder.withPayload("{}")
			.setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, QUEUE)
			.setHeader("eventId", UUID.nameUUIDFromBytes((publisher + group + sequence).getBytes()).toString())
			.setHeader("publisher", publisher)
			.setHeader("messageGroup", group)
			.setHeader("sequence", BigDecimal.valueOf(sequence))
			.build();
	}

}
