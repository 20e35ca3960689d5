package io.bookingdemo.support.consumer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.deadletters.FailureRecords;
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
 * The listener path in batches, from the queue to the effects: one transaction per batch,
 * the fall back to one message at a time, the acknowledgement of what committed, and the
 * order of a FIFO queue's groups.
 */
class BatchListenerIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private WidgetListener listener;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private FailureRecords failures;

	@Autowired
	private MessageListenerContainerRegistry containers;

	@Test
	void appliesTheOthersOfABatchOnceAndDeadLettersItsPoisonMessageWithItsReason() {
		List<WidgetShipped> good = new ArrayList<>();
		for (int index = 0; index < 9; index++) {
			good.add(WidgetShipped.aWidgetShipped("1.25"));
		}
		// The table refuses a negative weight: the batch's transaction fails on it.
		WidgetShipped poison = WidgetShipped.aWidgetShipped("-1.00");
		List<WidgetShipped> batch = new ArrayList<>(good);
		batch.add(4, poison);

		TestTopology.sendBatch(TestTopology.QUEUE, batch.stream().map(BatchListenerIntegrationTests::wire).toList());

		List<Message> deadLetters = new ArrayList<>();
		await().atMost(PATIENCE).until(() -> {
			deadLetters.addAll(TestTopology.receiveAndDelete(TestTopology.DEAD_LETTER_QUEUE));
			return !deadLetters.isEmpty();
		});
		assertThat(deadLetters).extracting(Message::body).containsExactly(JSON.writeValueAsString(poison));
		assertThat(good).as("the others, each applied once")
			.allSatisfy((event) -> assertThat(this.listener.shipmentsOf(event.widgetId()))
				.containsExactly(new BigDecimal("1.25")));
		assertThat(this.listener.shipmentsOf(poison.widgetId())).as("the poison message's effect").isEmpty();
		assertThat(processed(poison.eventId())).as("the poison message recorded as processed").isZero();
		FailureRecords.Recorded failure = this.failures.find(List.of(deadLetters.get(0).messageId()))
			.get(deadLetters.get(0).messageId());
		assertThat(failure).as("the poison message's failure record").isNotNull();
		assertThat(failure.eventId()).isEqualTo(poison.eventId().toString());
		assertThat(failure.failures()).isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
		assertThat(failure.reason()).contains("widget_shipments_weight_check");
	}

	@Test
	void appliesAnEventDeliveredTwiceInOneBatchOnceAndAcknowledgesBoth() {
		WidgetShipped twice = WidgetShipped.aWidgetShipped("2.50");
		WidgetShipped once = WidgetShipped.aWidgetShipped("3.50");
		double skippedBefore = count("events.duplicates.skipped", WidgetShipped.TYPE);

		TestTopology.sendBatch(TestTopology.QUEUE, List.of(wire(twice), wire(once), wire(twice)));

		await().atMost(PATIENCE)
			.until(() -> this.listener.shipmentsOf(once.widgetId()).size() == 1
					&& TestTopology.messagesIn(TestTopology.QUEUE) == 0);
		assertThat(this.listener.shipmentsOf(twice.widgetId())).containsExactly(new BigDecimal("2.50"));
		assertThat(processed(twice.eventId())).isOne();
		assertThat(count("events.duplicates.skipped", WidgetShipped.TYPE) - skippedBefore).isEqualTo(1.0);
	}

	@Test
	void recordsWhyAnEventWasIgnored() {
		WidgetShipped weightless = WidgetShipped.aWidgetShipped("0.00");

		TestTopology.sendBatch(TestTopology.QUEUE, List.of(wire(weightless)));

		await().atMost(PATIENCE).until(() -> processed(weightless.eventId()) == 1);
		assertThat(this.jdbc.sql("select ignored_because from processed_events where event_id = ?")
			.param(weightless.eventId())
			.query(String.class)
			.single()).isEqualTo("widget " + weightless.widgetId() + " weighs nothing");
		assertThat(this.listener.shipmentsOf(weightless.widgetId())).isEmpty();
	}

	@Test
	void rollsBackABatchWhoseTransactionFailsAndCommitsItsGoodMessagesOneAtATime() {
		List<WidgetShipped> good = new ArrayList<>();
		for (int index = 0; index < 5; index++) {
			good.add(WidgetShipped.aWidgetShipped("4.00"));
		}
		WidgetShipped flaky = WidgetShipped.aWidgetShipped(WidgetListener.FLAKY);
		List<WidgetShipped> batch = new ArrayList<>(good);
		batch.add(2, flaky);

		TestTopology.sendBatch(TestTopology.QUEUE, batch.stream().map(BatchListenerIntegrationTests::wire).toList());

		await().atMost(PATIENCE).until(() -> this.listener.shipmentsOf(flaky.widgetId()).size() == 1);
		assertThat(good).as("the good messages, each applied once")
			.allSatisfy((event) -> assertThat(this.listener.shipmentsOf(event.widgetId()))
				.containsExactly(new BigDecimal("4.00")));
		assertThat(this.listener.shipmentsOf(flaky.widgetId())).as("the flaky message, its failed tries rolled back")
			.containsExactly(new BigDecimal(WidgetListener.FLAKY));
		assertThat(good).as("the good messages, committed before the flaky one's retry")
			.allSatisfy((event) -> assertThat(shipmentRow(event.widgetId())).isLessThan(shipmentRow(flaky.widgetId())));
		await().atMost(PATIENCE).until(() -> TestTopology.messagesIn(TestTopology.QUEUE) == 0);
	}

	@Test
	void acknowledgesEveryCommittedMessageBeforeTheContainerStopsAndNoneBefore() throws Exception {
		List<WidgetShipped> batch = new ArrayList<>();
		for (int index = 0; index < 4; index++) {
			batch.add(WidgetShipped.aWidgetShipped("5.00"));
		}
		batch.add(WidgetShipped.aWidgetShipped(WidgetListener.SLOW));
		MessageListenerContainer<?> container = this.containers.getContainerById(QueueListener.ID);
		CompletableFuture<Void> stopped = null;
		try {
			TestTopology.sendBatch(TestTopology.QUEUE,
					batch.stream().map(BatchListenerIntegrationTests::wire).toList());
			assertThat(this.listener.awaitSlowEffect(PATIENCE)).as("the slow effect started").isTrue();
			assertThat(TestTopology.messagesIn(TestTopology.QUEUE))
				.as("messages still in the queue while the batch is in flight: those not applied")
				.isEqualTo(batch.stream()
					.filter((event) -> this.listener.shipmentsOf(event.widgetId()).isEmpty())
					.count());

			stopped = CompletableFuture.runAsync(container::stop);
			await().atMost(PATIENCE).until(() -> !container.isRunning());
			this.listener.release();
			stopped.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

			assertThat(batch).as("every effect applied once")
				.allSatisfy((event) -> assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1));
			assertThat(TestTopology.messagesIn(TestTopology.QUEUE)).as("messages left once the container stopped")
				.isZero();
		}
		finally {
			this.listener.release();
			if (stopped != null) {
				stopped.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			}
			container.start();
		}
	}

	@Test
	void appliesEachFifoGroupInOrderAcrossBatchesWhileAFailureHoldsOnlyItsOwnGroup() {
		Map<UUID, List<UUID>> sent = Map.of(UUID.randomUUID(), new ArrayList<>(), UUID.randomUUID(), new ArrayList<>(),
				UUID.randomUUID(), new ArrayList<>());
		UUID flakyGroup = sent.keySet().iterator().next();
		// Sent while the listener is stopped, so that its first batches hold the
		// messages behind the flaky one.
		MessageListenerContainer<?> container = this.containers.getContainerById("ordered-widgets");
		container.stop();
		try {
			for (int index = 0; index < 12; index++) {
				for (Map.Entry<UUID, List<UUID>> group : sent.entrySet()) {
					String weight = (group.getKey().equals(flakyGroup) && index == 1) ? WidgetListener.FLAKY : "6.00";
					WidgetShipped event = new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE,
							WidgetShipped.VERSION, Instant.now(), group.getKey(), new BigDecimal(weight));
					group.getValue().add(event.eventId());
					TestTopology.sendFifo(TestTopology.ORDERED_QUEUE, JSON.writeValueAsString(event),
							attributesOf(event), group.getKey().toString(), event.eventId().toString());
				}
			}
		}
		finally {
			container.start();
		}

		await().atMost(PATIENCE)
			.until(() -> sent.keySet().stream().allMatch((group) -> this.listener.eventsOf(group).size() == 12));
		sent.forEach((group, events) -> assertThat(this.listener.eventsOf(group)).as("the events of group %s", group)
			.containsExactlyElementsOf(events));
	}

	private long processed(UUID eventId) {
		return this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

	private long shipmentRow(UUID widgetId) {
		return this.jdbc.sql("select min(id) from widget_shipments where widget_id = ?")
			.param(widgetId)
			.query(Long.class)
			.single();
	}

	private double count(String name, String eventType) {
		Counter counter = this.registry.find(name).tags("event.type", eventType).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Map.Entry<String, Map<String, String>> wire(WidgetShipped event) {
		return Map.entry(JSON.writeValueAsString(event), attributesOf(event));
	}

	private static Map<String, String> attributesOf(WidgetShipped event) {
		return Map.of("eventType", event.eventType(), "eventVersion", String.valueOf(event.eventVersion()), "eventId",
				event.eventId().toString());
	}

}
