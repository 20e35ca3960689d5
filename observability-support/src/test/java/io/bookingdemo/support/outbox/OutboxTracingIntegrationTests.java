package io.bookingdemo.support.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetShipped;
import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of a change crosses the outbox in its row: a relay that starts after the
 * transaction committed, and knows nothing of it but the row, publishes the event as a
 * child of that transaction's span, and the consumer continues it from there.
 */
class OutboxTracingIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private Outbox outbox;

	@Autowired
	private OutboxRelay relay;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private Tracer tracer;

	@Autowired
	private MessageTracing tracing;

	@Autowired
	private SnsClient sns;

	@Autowired
	private MessagingProperties properties;

	@Autowired
	private OutboxMetrics metrics;

	@Autowired
	private InMemorySpanExporter spans;

	@BeforeEach
	void stopRelay() {
		this.relay.stop();
	}

	@AfterEach
	void startRelay() {
		this.relay.start();
	}

	@Test
	void keepsTheTraceContextInTheRowAcrossARelayRestart() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.50");
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			this.transaction.executeWithoutResult((status) -> this.outbox.append(event));
		}
		finally {
			request.end();
		}
		String traceId = request.context().traceId();
		assertThat(this.jdbc.sql("select trace_parent from outbox_events where event_id = ?")
			.param(event.eventId())
			.query(String.class)
			.single()).startsWith("00-" + traceId + "-" + request.context().spanId() + "-");

		restartedRelay().relayPending();

		Message delivered = awaitDelivery(event);
		String traceparent = delivered.messageAttributes().get("traceparent").stringValue();
		assertThat(traceparent).startsWith("00-" + traceId + "-");
		assertThat(delivered.messageAttributes()).as("attributes within SNS's ten").hasSizeLessThanOrEqualTo(10);
		SpanData publish = awaitSpan("publish WidgetShipped", traceId);
		assertThat(publish.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(traceparent).contains("-" + publish.getSpanId() + "-");
		assertThat(publish.getAttributes().get(AttributeKey.stringKey("message.group")))
			.isEqualTo(event.widgetId().toString());
		assertThat(publish.getAttributes().get(AttributeKey.longKey("outbox.wait.ms"))).isNotNull();
		assertThat(awaitSpan("outbox wait", traceId).getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(awaitSpan("request", traceId).getAttributes().get(AttributeKey.stringKey("message.group")))
			.as("the writing span is tagged with the group")
			.isEqualTo(event.widgetId().toString());

		// What a raw-delivery subscription to the listener's queue would deliver.
		Map<String, String> attributes = new HashMap<>();
		delivered.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
		TestTopology.send(TestTopology.QUEUE, delivered.body(), attributes);
		assertThat(awaitSpan("process WidgetShipped", traceId).getParentSpanId()).isEqualTo(publish.getSpanId());
	}

	// A relay of its own, built after the commit, with nothing but the database to go by.
	private OutboxRelay restartedRelay() {
		return new OutboxRelay(this.jdbc, this.transaction, this.sns, this.properties.topic(), this.properties.mode(),
				this.properties.outbox(), Clock.systemUTC(), this.metrics, this.tracing);
	}

	private Message awaitDelivery(WidgetShipped event) {
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(TestTopology.receiveAndDelete(TestTopology.TAP));
			return received.stream()
				.anyMatch((message) -> message.messageAttributes()
					.get("eventId")
					.stringValue()
					.equals(event.eventId().toString()));
		});
		return received.stream()
			.filter((message) -> message.messageAttributes()
				.get("eventId")
				.stringValue()
				.equals(event.eventId().toString()))
			.findFirst()
			.orElseThrow();
	}

	private SpanData awaitSpan(String name, String traceId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals(name) && span.getTraceId().equals(traceId))
				.findFirst(), (found) -> found.isPresent())
			.orElseThrow();
	}

}
