package io.bookingdemo.support.consumer;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Validation;
import jakarta.validation.constraints.Size;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

class EventRouterTests {

	private static final UUID WIDGET = UUID.fromString("0b6f9f3e-3f0e-4a57-9d55-2f1f5c0f0a01");

	private final List<WidgetShipped> shipped = new ArrayList<>();

	private final List<WidgetReturned> returned = new ArrayList<>();

	private final EventConsumer consumer = consumerWith(defaultChecks());

	private final EventRouter router = EventRouter.of(JsonMapper.builder().build(), this.consumer,
			List.of(new EventRoutes().on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId, (event) -> {
				this.shipped.add(event);
				return Outcome.applied();
			}).on("WidgetReturned", 1, WidgetReturned.class, WidgetReturned::eventId, (event) -> {
				this.returned.add(event);
				return Outcome.ignored("returned widgets are not counted");
			})));

	@Test
	void handsEachEventToTheHandlerOfItsType() {
		Outcome outcome = this.router
			.read(aMessage("WidgetReturned",
					"""
							{"eventId":"%s","eventType":"WidgetReturned","eventVersion":1,"widgetId":"%s","reason":"dented"}"""
						.formatted(UUID.randomUUID(), WIDGET)))
			.apply();

		assertThat(this.returned).extracting(WidgetReturned::widgetId, WidgetReturned::reason)
			.containsExactly(tuple(WIDGET, "dented"));
		assertThat(this.shipped).isEmpty();
		assertThat(outcome).isEqualTo(Outcome.ignored("returned widgets are not counted"));
	}

	@Test
	void readsTheEventsIdTypeAndTimeWithoutRunningItsHandler() {
		UUID eventId = UUID.randomUUID();
		RoutedEvent event = this.router.read(aMessage("WidgetShipped", """
				{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"widgetId":"%s","weight":1.5,
				"occurredAt":"2026-01-02T03:04:05Z"}""".formatted(eventId, WIDGET)));

		assertThat(event.eventId()).isEqualTo(eventId);
		assertThat(event.eventType()).isEqualTo("WidgetShipped");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
		assertThat(this.shipped).isEmpty();
	}

	@Test
	void handsTheBatchToTheConsumer() {
		List<Message<String>> batch = List.of(aMessage("WidgetShipped", shipped("1.5")));

		this.router.route(batch);

		verify(this.consumer).consume(batch, this.router);
	}

	@Test
	void keepsTheExactDigitsOfDecimals() {
		this.router.read(aMessage("WidgetShipped", shipped("420.10"))).apply();

		assertThat(this.shipped).singleElement()
			.extracting(WidgetShipped::weight)
			.satisfies((weight) -> assertThat(weight.toPlainString()).isEqualTo("420.10"));
	}

	@Test
	void readsTheTypeFromTheMessageAttributeNotTheBody() {
		this.router.read(aMessage("WidgetShipped", shipped("1.5").replace("\"WidgetShipped\"", "\"WidgetPainted\"")))
			.apply();

		assertThat(this.shipped).hasSize(1);
	}

	@Test
	void refusesAnEventTypeItHasNoRouteFor() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(aMessage("WidgetPainted", shipped("1.5"))))
			.withMessage("Unsupported event type 'WidgetPainted'");
	}

	@Test
	void refusesAnotherVersionOfAKnownEventType() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(aMessage("WidgetShipped", "2", shipped("420.10"))))
			.withMessage("Unsupported version 2 of WidgetShipped, expected 1");
	}

	@Test
	void refusesAMessageWithoutAnEventTypeAttribute() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(MessageBuilder.withPayload(shipped("1.5")).build()))
			.withMessage("The message has no eventType attribute");
	}

	@Test
	void refusesAnEventItsRecordRejects() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(
					() -> this.router.read(aMessage("WidgetShipped",
							"""
									{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"weight":1.5}"""
								.formatted(UUID.randomUUID()))))
			.withMessageStartingWith("Cannot read WidgetShipped version 1");
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
				Arguments.of("1e999999", shipped("1e999999"), "The message holds a number out of bounds in weight"),
				Arguments.of("-1e999999", shipped("-1e999999"), "The message holds a number out of bounds in weight"),
				Arguments.of("1e-999999999", shipped("1e-999999999"),
						"The message holds a number out of bounds in weight: 1 digits and scale 999999999"),
				Arguments.of("-1E+50", shipped("-1E+50"), "The message holds a number out of bounds in weight"),
				Arguments.of("an unknown field named to forge a line",
						shipped("1.5").replace("}", ",\"x\\n2026-12-06 INFO forged\":1e999999}"),
						"The message holds a number out of bounds in x\\n2026-12-06 INFO forged:"),
				Arguments.of("\"1E+100000000\"", shipped("\"1E+100000000\""),
						"Cannot read WidgetShipped version 1: weight is out of bounds: 1 digits and scale -100000000"),
				Arguments.of("\"1E-999999999\"", shipped("\"1E-999999999\""),
						"Cannot read WidgetShipped version 1: weight is out of bounds"),
				Arguments.of("\"-1E+50\"", shipped("\"-1E+50\""),
						"Cannot read WidgetShipped version 1: weight is out of bounds"),
				Arguments.of("31 digits in a string", shipped("\"" + "9".repeat(31) + "\""),
						"Cannot read WidgetShipped version 1: weight is out of bounds: 31 digits"),
				Arguments.of("a 5,000 digit string", shipped("\"" + "9".repeat(5_000) + "\""),
						"Cannot read WidgetShipped version 1: weight is a number of more than 100 characters"),
				Arguments.of("40 decimals", shipped("1." + "0".repeat(39) + "1"),
						"The message is not JSON: Number value length"),
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
		long started = System.nanoTime();
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(aMessage("WidgetShipped", body)))
			.withMessageStartingWith(reason);
		// Refused, such a body costs a millisecond or so; read, it cost minutes.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to refuse")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(this.shipped).isEmpty();
	}

	@Test
	void readsANumberWithinTheBoundsFromAStringOrANumberAlike() {
		this.router.read(aMessage("WidgetShipped", shipped("\"123456789012345678.0123456789\""))).apply();
		this.router.read(aMessage("WidgetShipped", shipped("1E+10"))).apply();

		assertThat(this.shipped).extracting(WidgetShipped::weight)
			.containsExactly(new BigDecimal("123456789012345678.0123456789"), new BigDecimal("1E+10"));
	}

	@Test
	void appliesTheConfiguredBounds() {
		EventRouter router = EventRouter.of(JsonMapper.builder().build(),
				consumerWith(new EventChecks(new MessagingProperties.Limits(5, 2),
						Validation.buildDefaultValidatorFactory().getValidator())),
				List.of(new EventRoutes().on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId,
						(event) -> Outcome.applied())));

		assertThat(router.read(aMessage("WidgetShipped", shipped("\"123.45\""))).eventType())
			.isEqualTo("WidgetShipped");
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> router.read(aMessage("WidgetShipped", shipped("\"1234.56\""))))
			.withMessageContaining("6 digits and scale 2, where at most 5 digits and a scale within 2");
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> router.read(aMessage("WidgetShipped", shipped("1.234"))))
			.withMessageContaining("out of bounds in weight");
	}

	@Test
	void refusesAnEventItsRecordsConstraintsRejectBeforeItsHandlerRuns() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(aMessage("WidgetReturned",
					"""
							{"eventId":"%s","eventType":"WidgetReturned","eventVersion":1,"widgetId":"%s","reason":"%s"}"""
						.formatted(UUID.randomUUID(), WIDGET, "x".repeat(101)))))
			.withMessage("Invalid WidgetReturned: reason size must be between 0 and 100");
		assertThat(this.returned).isEmpty();
	}

	@Test
	void escapesWhatTheMessageSaysInTheReason() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.read(aMessage("Widget\n2026-12-06 INFO forged", shipped("1.5"))))
			.withMessage("Unsupported event type 'Widget\\n2026-12-06 INFO forged'");
	}

	@Test
	void refusesAnEventTypeRoutedTwice() {
		EventRoutes shipping = new EventRoutes().on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId,
				(event) -> Outcome.applied());
		EventRoutes counting = new EventRoutes().on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId,
				(event) -> Outcome.ignored("counted elsewhere"));

		assertThatIllegalStateException()
			.isThrownBy(() -> EventRouter.of(JsonMapper.builder().build(), this.consumer, List.of(shipping, counting)))
			.withMessage("The event type WidgetShipped has a route already");
	}

	@Test
	void letsTheHandlersOwnExceptionPropagateUnchanged() {
		IllegalStateException refused = new IllegalStateException("the warehouse is closed");
		EventRouter router = EventRouter.of(JsonMapper.builder().build(), this.consumer, List
			.of(new EventRoutes().on("WidgetShipped", 1, WidgetShipped.class, WidgetShipped::eventId, (event) -> {
				throw refused;
			})));
		RoutedEvent event = router.read(aMessage("WidgetShipped", shipped("1.5")));

		Throwable thrown = catchThrowable(event::apply);

		assertThat(thrown).isSameAs(refused);
	}

	static EventChecks defaultChecks() {
		return new EventChecks(new MessagingProperties.Limits(30, 10),
				Validation.buildDefaultValidatorFactory().getValidator());
	}

	private static EventConsumer consumerWith(EventChecks checks) {
		EventConsumer consumer = mock(EventConsumer.class);
		given(consumer.checks()).willReturn(checks);
		return consumer;
	}

	private static String shipped(String weight) {
		return """
				{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"widgetId":"%s","weight":%s}"""
			.formatted(UUID.randomUUID(), WIDGET, weight);
	}

	private static Message<String> aMessage(String eventType, String body) {
		return aMessage(eventType, "1", body);
	}

	private static Message<String> aMessage(String eventType, String eventVersion, String body) {
		return MessageBuilder.withPayload(body)
			.setHeader(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, "m-1")
			.setHeader("eventType", eventType)
			.setHeader("eventVersion", eventVersion)
			.build();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WidgetShipped(UUID eventId, String eventType, int eventVersion, UUID widgetId, BigDecimal weight) {

		WidgetShipped {
			Objects.requireNonNull(widgetId, "widgetId is missing");
			Objects.requireNonNull(weight, "weight is missing");
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record WidgetReturned(UUID eventId, String eventType, int eventVersion, UUID widgetId,
			@Size(max = 100) String reason) {

	}

}
