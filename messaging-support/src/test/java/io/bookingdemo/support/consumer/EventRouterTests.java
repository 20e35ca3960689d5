package io.bookingdemo.support.consumer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@ExtendWith(OutputCaptureExtension.class)
class EventRouterTests {

	private static final UUID WIDGET = UUID.fromString("0b6f9f3e-3f0e-4a57-9d55-2f1f5c0f0a01");

	private final List<WidgetShipped> shipped = new ArrayList<>();

	private final List<WidgetReturned> returned = new ArrayList<>();

	private final ProcessedEvents processedEvents = mock(ProcessedEvents.class);

	private final EventRouter router = EventRouter.builder(JsonMapper.builder().build(), this.processedEvents)
		.on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId, this.shipped::add)
		.on("WidgetReturned", 1, WidgetReturned.class, WidgetReturned::eventId, this.returned::add)
		.build();

	@BeforeEach
	void runEveryEffect() {
		willAnswer((invocation) -> {
			invocation.<Runnable>getArgument(2).run();
			return true;
		}).given(this.processedEvents).runOnce(any(), any(), any());
	}

	@Test
	void handsEachEventToTheHandlerOfItsType() {
		this.router.route(aMessage("""
				{"eventId":"%s","eventType":"WidgetReturned","eventVersion":1,"widgetId":"%s","reason":"dented"}"""
			.formatted(UUID.randomUUID(), WIDGET)));

		assertThat(this.returned).extracting(WidgetReturned::widgetId, WidgetReturned::reason)
			.containsExactly(tuple(WIDGET, "dented"));
		assertThat(this.shipped).isEmpty();
	}

	@Test
	void runsEachHandlerOnceForTheEventsIdAndType() {
		UUID eventId = UUID.randomUUID();
		this.router.route(aMessage("""
				{"eventId":"%s","eventType":"WidgetReturned","eventVersion":1,"widgetId":"%s","reason":"dented"}"""
			.formatted(eventId, WIDGET)));

		verify(this.processedEvents).runOnce(eq(eventId), eq("WidgetReturned"), any());
	}

	@Test
	void skipsTheHandlerOfAnEventProcessedBefore() {
		willReturn(false).given(this.processedEvents).runOnce(any(), any(), any());

		this.router.route(aMessage(shipped("1.5")));

		assertThat(this.shipped).isEmpty();
	}

	@Test
	void keepsTheExactDigitsOfDecimals() {
		this.router.route(aMessage(shipped("420.10")));

		assertThat(this.shipped).singleElement()
			.extracting(WidgetShipped::weight)
			.satisfies((weight) -> assertThat(weight.toPlainString()).isEqualTo("420.10"));
	}

	@Test
	void refusesAnEventTypeItHasNoRouteFor() {
		assertThatExceptionOfType(UnprocessableMessageException.class).isThrownBy(() -> this.router.route(aMessage("""
				{"eventType":"WidgetPainted","eventVersion":1}""")))
			.withMessage("Unsupported event type 'WidgetPainted'");
	}

	@Test
	void refusesAnotherVersionOfAKnownEventType() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router
				.route(aMessage(shipped("420.10").replace("\"eventVersion\":1", "\"eventVersion\":2"))))
			.withMessageContaining("version 2");
		assertThat(this.shipped).isEmpty();
	}

	@Test
	void refusesJsonWithoutAnEventType() {
		assertThatExceptionOfType(UnprocessableMessageException.class).isThrownBy(() -> this.router.route(aMessage("""
				{"eventVersion":1,"widgetId":"%s"}""".formatted(WIDGET))))
			.withMessage("The message is not an event with an eventType");
	}

	@Test
	void refusesABodyThatIsNotJson() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.route(aMessage("not json")))
			.withMessageStartingWith("The message is not JSON");
	}

	@Test
	void refusesAnEventItsRecordRejects() {
		assertThatExceptionOfType(UnprocessableMessageException.class).isThrownBy(() -> this.router.route(aMessage("""
				{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"weight":1.5}"""
			.formatted(UUID.randomUUID())))).withMessageStartingWith("Cannot read WidgetShipped version 1");
		assertThat(this.shipped).isEmpty();
	}

	static Stream<Arguments> hostileBodies() {
		String nested = "[".repeat(100_000) + "]".repeat(100_000);
		return Stream.of(Arguments.of("not JSON", "<xml>not json</xml>", "The message is not JSON"),
				Arguments.of("empty", "", "The message is not a JSON object"),
				Arguments.of("array", "[" + shipped("1.5") + "]", "The message is not a JSON object"),
				Arguments.of("number", "42", "The message is not a JSON object"),
				Arguments.of("string", "\"WidgetShipped\"", "The message is not a JSON object"),
				Arguments.of("null", "null", "The message is not a JSON object"),
				Arguments.of("nested 100,000 deep", shipped("1.5").replace("}", ",\"extra\":" + nested + "}"),
						"The message is not JSON: Document nesting depth"),
				Arguments.of("250 KB string",
						shipped("1.5").replace("}", ",\"extra\":\"" + "x".repeat(250_000) + "\"}"),
						"The message is not JSON: String value length"),
				Arguments.of("1e999999", shipped("1e999999"), "The message holds a number out of range"),
				Arguments.of("-1e999999", shipped("-1e999999"), "The message holds a number out of range"),
				Arguments.of("40 decimals", shipped("1." + "0".repeat(39) + "1"),
						"The message is not JSON: Number value length"),
				Arguments.of("unknown eventVersion",
						shipped("1.5").replace("\"eventVersion\":1", "\"eventVersion\":99"),
						"Unsupported version 99 of WidgetShipped"),
				Arguments.of("missing eventId", shipped("1.5").replaceFirst("\"eventId\":\"[^\"]+\",", ""),
						"The WidgetShipped event has no eventId"),
				Arguments.of("malformed eventId",
						shipped("1.5").replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"42\""),
						"Cannot read WidgetShipped version 1"),
				Arguments.of("missing widgetId", shipped("1.5").replace("\"widgetId\":\"" + WIDGET + "\",", ""),
						"Cannot read WidgetShipped version 1"),
				Arguments.of("malformed widgetId", shipped("1.5").replace(WIDGET.toString(), "../../etc/passwd"),
						"Cannot read WidgetShipped version 1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileBodies")
	void refusesAHostileBodyBeforeAnyHandlerRuns(String hostile, String body, String reason) {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.route(aMessage(body)))
			.withMessageStartingWith(reason);
		assertThat(this.shipped).isEmpty();
		verifyNoInteractions(this.processedEvents);
	}

	@Test
	void letsTheHandlersOwnExceptionPropagateUnchanged() {
		IllegalStateException refused = new IllegalStateException("the warehouse is closed");
		EventRouter router = EventRouter.builder(JsonMapper.builder().build(), this.processedEvents)
			.on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId, (event) -> {
				throw refused;
			})
			.build();

		Throwable thrown = catchThrowable(() -> router.route(aMessage(shipped("1.5"))));

		assertThat(thrown).isSameAs(refused);
	}

	@Test
	void logsEveryFailureWithTheMessagesIdAndReceiveCount(CapturedOutput output) {
		Message<String> message = MessageBuilder.withPayload("not json")
			.setHeader(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, "5f1c2a")
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT, "3")
			.build();

		catchThrowable(() -> this.router.route(message));

		assertThat(output).contains("Message 5f1c2a failed on receive 3: ")
			.contains(UnprocessableMessageException.class.getName());
	}

	private static String shipped(String weight) {
		return """
				{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"widgetId":"%s","weight":%s}"""
			.formatted(UUID.randomUUID(), WIDGET, weight);
	}

	private static Message<String> aMessage(String body) {
		return MessageBuilder.withPayload(body).setHeader(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, "m-1").build();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WidgetShipped(UUID eventId, String eventType, int eventVersion, UUID widgetId, BigDecimal weight) {

		WidgetShipped {
			Objects.requireNonNull(widgetId, "widgetId is missing");
			Objects.requireNonNull(weight, "weight is missing");
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WidgetReturned(UUID eventId, String eventType, int eventVersion, UUID widgetId, String reason) {

	}

}
