package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The span the listener path runs each event's handler in: it continues the trace context
 * the message carries, and a message without one, or with one that cannot be read, starts
 * a new trace and is processed all the same.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracedListenerIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_ID = "00f067aa0ba902b7";

	@Autowired
	private WidgetListener listener;

	@Autowired
	private InMemorySpanExporter spans;

	@Test
	void continuesTheTraceTheMessageCarriesTaggedWithItsGroupAndQueueWait() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.10");
		Map<String, String> attributes = attributesOf(event);
		attributes.put("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");
		attributes.put("tracestate", "vendor=value");

		TestTopology.send(TestTopology.QUEUE, JSON.writeValueAsString(event), attributes);

		SpanData span = awaitProcessingSpan(event);
		assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
		assertThat(span.getParentSpanId()).isEqualTo(PARENT_ID);
		assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("value");
		assertThat(span.getAttributes().get(AttributeKey.stringKey("message.group")))
			.isEqualTo(event.widgetId().toString());
		assertThat(span.getAttributes().get(AttributeKey.longKey("queue.wait.ms"))).isNotNull().isNotNegative();
	}

	@Test
	void logsTheHandlingOfAMessageWithItsTraceSpanAndGroup(CapturedOutput output) {
		// A weightless widget is ignored, which the consumer logs.
		WidgetShipped event = WidgetShipped.aWidgetShipped("0");
		Map<String, String> attributes = attributesOf(event);
		attributes.put("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

		TestTopology.send(TestTopology.QUEUE, JSON.writeValueAsString(event), attributes);

		SpanData span = awaitProcessingSpan(event);
		assertThat(output.getAll().lines().filter((line) -> line.contains("Ignoring WidgetShipped " + event.eventId())))
			.singleElement()
			.asString()
			.contains("[" + TRACE_ID + "," + span.getSpanId() + "," + event.widgetId() + "]");
	}

	@Test
	void startsANewTraceForAMessageWithoutTraceContextAndProcessesIt() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.20");

		TestTopology.send(TestTopology.QUEUE, JSON.writeValueAsString(event), attributesOf(event));

		SpanData span = awaitProcessingSpan(event);
		assertThat(span.getParentSpanContext().isValid()).as("has a parent").isFalse();
		assertThat(span.getSpanContext().isValid()).isTrue();
		assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "00-00000000000000000000000000000000-0000000000000000-01",
			"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-and-then-some-more-characters-to-be-long",
			"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-xyz\u00e9-00f067aa0ba902b7-01" })
	void ignoresAHostileTraceparentAndProcessesTheMessage(String traceparent) {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.30");
		Map<String, String> attributes = attributesOf(event);
		attributes.put("traceparent", traceparent);

		TestTopology.send(TestTopology.QUEUE, JSON.writeValueAsString(event), attributes);

		SpanData span = awaitProcessingSpan(event);
		assertThat(span.getParentSpanContext().isValid()).as("has a parent").isFalse();
		assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1);
	}

	@Test
	void ignoresAnOversizedTraceContextAndProcessesTheMessage() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("420.40");
		Map<String, String> attributes = attributesOf(event);
		attributes.put("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01" + " ".repeat(10_000));
		attributes.put("tracestate", "k=" + "v".repeat(5_000));

		TestTopology.send(TestTopology.QUEUE, JSON.writeValueAsString(event), attributes);

		SpanData span = awaitProcessingSpan(event);
		assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
		assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1);
	}

	private SpanData awaitProcessingSpan(WidgetShipped event) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.spans.getFinishedSpanItems()
				.stream()
				.filter((span) -> span.getName().equals("process WidgetShipped") && event.eventId()
					.toString()
					.equals(span.getAttributes().get(AttributeKey.stringKey("event.id"))))
				.findFirst(), (found) -> found.isPresent())
			.orElseThrow();
	}

	private static Map<String, String> attributesOf(WidgetShipped event) {
		return new HashMap<>(
				Map.of("eventType", event.eventType(), "eventVersion", String.valueOf(event.eventVersion()), "eventId",
						event.eventId().toString(), "messageGroup", event.widgetId().toString()));
	}

}
