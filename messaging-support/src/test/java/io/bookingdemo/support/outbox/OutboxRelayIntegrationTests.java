package io.bookingdemo.support.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class OutboxRelayIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// More than one SNS batch, so that the order holds across batches too.
	private static final int EVENTS = 12;

	@Autowired
	private Outbox outbox;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private MeterRegistry registry;

	@Test
	void publishesAppendedEventsInTheOrderWrittenWithTheirAttributesAndMarksThemPublished() {
		double lagsBefore = this.registry.get("outbox.publish.lag").timer().count();
		List<WidgetShipped> events = IntStream.range(0, EVENTS)
			.mapToObj((i) -> WidgetShipped.aWidgetShipped("420.1" + i))
			.toList();

		this.transaction.executeWithoutResult((status) -> events.forEach(this.outbox::append));

		List<UUID> eventIds = events.stream().map(WidgetShipped::eventId).toList();
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(eventIds) == 0);
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(TestTopology.receiveAndDelete(TestTopology.TAP));
			return received.size() >= EVENTS;
		});
		assertThat(received).extracting((message) -> message.messageAttributes().get("eventId").stringValue())
			.as("event ids in the order SNS delivered them")
			.containsExactlyElementsOf(eventIds.stream().map(UUID::toString).toList());
		assertThat(received).allSatisfy((message) -> {
			assertThat(message.messageAttributes().get("eventType").stringValue()).isEqualTo("WidgetShipped");
			assertThat(message.messageAttributes().get("eventVersion").stringValue()).isEqualTo("1");
		});
		WidgetShipped first = JSON.readValue(received.get(0).body(), WidgetShipped.class);
		assertThat(first).as("the payload is the event's JSON").isEqualTo(events.get(0));
		assertThat(this.jdbc.sql("select attempts from outbox_events where event_id in (:ids)")
			.param("ids", eventIds)
			.query(Integer.class)
			.list()).as("attempts").hasSize(EVENTS).containsOnly(1);
		assertThat(this.registry.get("outbox.publish.lag").timer().count() - lagsBefore).as("publications timed")
			.isGreaterThanOrEqualTo(EVENTS);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.registry.get("outbox.backlog").gauge().value()).as("backlog").isZero();
			assertThat(this.registry.get("outbox.oldest.unpublished").timeGauge().value()).as("oldest").isZero();
		});
	}

	@Test
	void refusesToAppendOutsideATransactionAndWritesNothing() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("1.5");

		assertThatExceptionOfType(IllegalTransactionStateException.class).isThrownBy(() -> this.outbox.append(event));

		assertThat(this.jdbc.sql("select count(*) from outbox_events where event_id = ?")
			.param(event.eventId())
			.query(Long.class)
			.single()).isZero();
	}

	private long pending(List<UUID> eventIds) {
		return this.jdbc.sql("select count(*) from outbox_events where published_at is null and event_id in (:ids)")
			.param("ids", eventIds)
			.query(Long.class)
			.single();
	}

}
