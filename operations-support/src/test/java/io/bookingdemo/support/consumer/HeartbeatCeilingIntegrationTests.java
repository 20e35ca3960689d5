package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.SupportTestApplication;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message whose processing never ends is not hidden for ever: past
 * {@code messaging.listener.heartbeat.max-processing-time} the heartbeat stops extending
 * it, counts it and leaves it to its retries, so that it reaches the dead-letter queue
 * while its handler is still stuck.
 */
@SpringBootTest(classes = SupportTestApplication.class, properties = { "messaging.listener.heartbeat.interval=200ms",
		"messaging.listener.heartbeat.extension=1s", "messaging.listener.heartbeat.max-processing-time=1s" })
class HeartbeatCeilingIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestTopology.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("messaging.queue", () -> TestTopology.SLOW_QUEUE);
	}

	@Autowired
	private WidgetListener listener;

	@Autowired
	private MeterRegistry registry;

	@Test
	void givesUpAMessageProcessedForLongerThanTheCeilingAndLeavesItToItsRetries() throws InterruptedException {
		WidgetShipped event = WidgetShipped.aWidgetShipped(WidgetListener.SLOW);
		String body = JSON.writeValueAsString(event);
		try {
			TestTopology.send(TestTopology.SLOW_QUEUE, body, Map.of("eventType", event.eventType(), "eventVersion",
					String.valueOf(event.eventVersion()), "eventId", event.eventId().toString()));
			assertThat(this.listener.awaitSlowEffect(Duration.ofSeconds(30))).as("the slow handler started").isTrue();

			List<Message> deadLetters = new ArrayList<>();
			await().atMost(Duration.ofSeconds(25)).until(() -> {
				deadLetters.addAll(TestTopology.receiveAndDelete(TestTopology.SLOW_DEAD_LETTER_QUEUE));
				return !deadLetters.isEmpty();
			});

			assertThat(deadLetters).extracting(Message::body).containsExactly(body);
			assertThat(this.listener.shipmentsOf(event.widgetId())).as("effects, none committed yet").isEmpty();
			assertThat(givenUp()).as("messages given up by the heartbeat").isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
		}
		finally {
			this.listener.release();
		}
	}

	private double givenUp() {
		Counter counter = this.registry.find("messaging.listener.heartbeat.given.up")
			.tags("queue", TestTopology.SLOW_QUEUE)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
