package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.SupportTestApplication;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The buffering pattern in small: a burst ten times a capped listener's rate waits in its
 * queue, not in flight, and drains at the cap, each message received once and applied
 * once.
 */
@SpringBootTest(classes = { SupportTestApplication.class, RateCapIntegrationTests.Deliveries.class },
		properties = "messaging.listener.max-rate=" + RateCapIntegrationTests.CAP)
class RateCapIntegrationTests {

	static final int CAP = 20;

	private static final int BURST = 10 * CAP;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestTopology.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("messaging.queue", () -> TestTopology.CAPPED_QUEUE);
	}

	@Autowired
	private Deliveries deliveries;

	@Autowired
	private WidgetListener listener;

	@Autowired
	private MeterRegistry registry;

	@Test
	void drainsABurstAtTheCapWithEveryMessageReceivedOnce() {
		List<WidgetShipped> events = new ArrayList<>();
		for (int index = 0; index < BURST; index++) {
			WidgetShipped event = WidgetShipped.aWidgetShipped("1.00");
			events.add(event);
			TestTopology.send(TestTopology.CAPPED_QUEUE, JSON.writeValueAsString(event),
					Map.of("eventType", event.eventType(), "eventVersion", String.valueOf(event.eventVersion()),
							"eventId", event.eventId().toString()));
		}

		// Uncapped, the listener drains the burst in about a second; capped, in ten.
		await().atMost(Duration.ofSeconds(90))
			.until(() -> this.deliveries.count() >= BURST && TestTopology.messagesIn(TestTopology.CAPPED_QUEUE) == 0);

		assertThat(events).as("each effect applied once")
			.allSatisfy((event) -> assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1));
		assertThat(this.deliveries.receiveCounts()).as("deliveries, each of a message received once")
			.hasSize(BURST)
			.containsOnly(1);

		List<Instant> processed = this.deliveries.times();
		Instant first = processed.get(0);
		Map<Long, Long> perSecond = processed.stream()
			.collect(Collectors.groupingBy((time) -> Duration.between(first, time).toSeconds(), TreeMap::new,
					Collectors.counting()));
		// The bucket lets through at most the cap plus its burst (a tenth of the cap) in
		// any second of receives; a message received at the end of one second may be
		// processed in the next, which a tenth more allows for.
		assertThat(perSecond.values()).as("messages processed per second, from the first: %s", perSecond)
			.allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(CAP + 2L * RateCap.burst(CAP)));
		// Every message after the burst waited for its token: 1/CAP s each, less half a
		// second for the first message's processing time.
		Duration drain = Duration.between(first, processed.get(processed.size() - 1));
		assertThat(drain).as("time from the first message processed to the last")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1000L * (BURST - RateCap.burst(CAP)) / CAP - 500));
		assertThat(this.registry.get("messaging.listener.max.rate").gauge().value()).isEqualTo(CAP);
	}

	/** Records when each message was processed and how often SQS had delivered it. */
	@TestConfiguration
	static class Deliveries {

		private final Collection<Delivery> deliveries = new ConcurrentLinkedQueue<>();

		@Bean
		EventObserver deliveryRecorder() {
			return (batch) -> batch.forEach((consumed) -> this.deliveries.add(new Delivery(Instant.now(),
					Integer.parseInt(String.valueOf(consumed.message()
						.getHeaders()
						.get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT))))));
		}

		int count() {
			return this.deliveries.size();
		}

		List<Integer> receiveCounts() {
			return this.deliveries.stream().map(Delivery::receiveCount).toList();
		}

		List<Instant> times() {
			return this.deliveries.stream().map(Delivery::at).sorted().toList();
		}

	}

	private record Delivery(Instant at, int receiveCount) {
	}

}
