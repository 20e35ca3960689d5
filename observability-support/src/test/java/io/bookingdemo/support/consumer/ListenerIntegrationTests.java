package io.bookingdemo.support.consumer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener path a service gets from the module, from the queue to the effect: the
 * container factory's retries and acknowledgement, the router, the idempotent consumer
 * and the event metrics.
 */
class ListenerIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private WidgetListener listener;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry registry;

	@Test
	void appliesAnEventOnceAndSkipsItsRedelivery() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.10");
		String body = JSON.writeValueAsString(event);
		double processedBefore = count("events.processed", WidgetShipped.TYPE);

		TestTopology.send(TestTopology.QUEUE, body, attributesOf(event));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("events.processed", WidgetShipped.TYPE) == processedBefore + 1);
		TestTopology.send(TestTopology.QUEUE, body, attributesOf(event));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("events.processed", WidgetShipped.TYPE) == processedBefore + 2);

		assertThat(this.listener.shipmentsOf(event.widgetId())).as("shipments applied")
			.containsExactly(new BigDecimal("420.10"))
			.allSatisfy((weight) -> assertThat(weight.scale()).isEqualTo(2));
		assertThat(this.jdbc.sql("select event_type from processed_events where event_id = ?")
			.param(event.eventId())
			.query(String.class)
			.list()).containsExactly(WidgetShipped.TYPE);
	}

	@Test
	void movesAPoisonMessageToTheDeadLetterQueueAfterTheConfiguredReceives() {
		double failedBefore = count("events.failed", "unknown");

		TestTopology.send(TestTopology.QUEUE, "not json", Map.of());

		List<Message> deadLetters = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			deadLetters.addAll(TestTopology.receiveAndDelete(TestTopology.DEAD_LETTER_QUEUE));
			return !deadLetters.isEmpty();
		});
		assertThat(deadLetters).extracting(Message::body).containsExactly("not json");
		assertThat(count("events.failed", "unknown") - failedBefore).as("failed receives")
			.isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
	}

	private double count(String name, String eventType) {
		Counter counter = this.registry.find(name).tags("queue", TestTopology.QUEUE, "event.type", eventType).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Map<String, String> attributesOf(WidgetShipped event) {
		return Map.of("eventType", event.eventType(), "eventVersion", String.valueOf(event.eventVersion()), "eventId",
				event.eventId().toString());
	}

}
