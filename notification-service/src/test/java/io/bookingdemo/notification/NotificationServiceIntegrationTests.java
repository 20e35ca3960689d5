package io.bookingdemo.notification;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.testsupport.ConsumerIntegrationTests;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.testsupport.Contracts.aContractEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the service on a random port against real PostgreSQL and a real SQS emulator,
 * sending events straight to its queue as SNS raw delivery would.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotificationServiceIntegrationTests extends ConsumerIntegrationTests {

	private static final String QUEUE = "notification-service-events";

	private static final String DEAD_LETTER_QUEUE = QUEUE + "-dlq";

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		useLocalInfrastructure(registry, "notification");
		registry.add("messaging.listener.retry.initial-backoff", () -> "1s");
		registry.add("messaging.listener.retry.multiplier", () -> "1.0");
		registry.add("messaging.metrics.refresh", () -> "200ms");
	}

	@Test
	void recordsBookingReceivedEmailForTheContractDocument(CapturedOutput output) {
		UUID eventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(eventId, bookingId));

		JsonNode notification = awaitNotifications(bookingId, 1).get(0);
		assertThat(notification.get("id").asString()).isNotBlank();
		assertThat(notification.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(notification.get("type").asString()).isEqualTo("BOOKING_RECEIVED");
		assertThat(notification.get("channel").asString()).isEqualTo("EMAIL");
		assertThat(notification.get("recipient").asString()).isEqualTo("ada@example.com");
		assertThat(notification.get("subject").asString()).isEqualTo("We received your booking for room-101");
		assertThat(notification.get("body").asString()).contains("cust-42", "room-101", "2027-03-01", "2027-03-04",
				"Nights:    3", "420.00 EUR", bookingId.toString(), "confirmation once the payment has been processed");
		assertThat(notification.get("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(notification.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output)
				.contains("e-mail BOOKING_RECEIVED to ada@example.com for booking " + bookingId));
	}

	@Test
	void skipsDuplicateDelivery() {
		UUID eventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();
		String event = aBookingCreated(eventId, bookingId);

		send(event);
		send(event);

		awaitNotifications(bookingId, 1);
		awaitDrained(QUEUE);
		assertThat(notificationsOf(bookingId)).hasSize(1);
		assertThat(processedEventRows(eventId)).isOne();
	}

	@Test
	void sendsBookingReceivedOnlyOncePerBooking() {
		UUID firstEventId = UUID.randomUUID();
		UUID secondEventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(firstEventId, bookingId));
		awaitNotifications(bookingId, 1);
		send(aBookingCreated(secondEventId, bookingId));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(secondEventId) == 1);
		assertThat(notificationsOf(bookingId)).singleElement()
			.satisfies((notification) -> assertThat(notification.get("eventId").asString())
				.isEqualTo(firstEventId.toString()));
		assertThat(this.jdbc.sql("select ignored_because from processed_events where event_id = ?")
			.param(secondEventId)
			.query(String.class)
			.single()).isEqualTo("booking " + bookingId + " was already sent its BOOKING_RECEIVED e-mail");
	}

	@ParameterizedTest
	@MethodSource("bookingOutcomes")
	void recordsTheEmailOfEachBookingOutcomeContractDocument(String contract, String type, String subject,
			String bodyText, CapturedOutput output) {
		UUID bookingId = UUID.randomUUID();
		ObjectNode event = aContractEvent(contract, bookingId);

		send(event);

		JsonNode notification = awaitNotifications(bookingId, 1).get(0);
		assertThat(notification.get("type").asString()).isEqualTo(type);
		assertThat(notification.get("channel").asString()).isEqualTo("EMAIL");
		assertThat(notification.get("recipient").asString()).isEqualTo("ada@example.com");
		assertThat(notification.get("subject").asString()).isEqualTo(subject);
		assertThat(notification.get("body").asString()).contains(bodyText, "room-101", "2027-03-01", "2027-03-04",
				bookingId.toString());
		assertThat(notification.get("eventId").asString()).isEqualTo(event.get("eventId").asString());
		assertThat(processedEventRows(UUID.fromString(event.get("eventId").asString()))).isOne();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output)
				.contains("e-mail " + type + " to ada@example.com for booking " + bookingId));
	}

	static Stream<Arguments> bookingOutcomes() {
		return Stream.of(
				Arguments.of("booking-confirmed.v1.json", "BOOKING_CONFIRMED", "Your booking for room-101 is confirmed",
						"Paid:      420.00 EUR"),
				Arguments.of("booking-rejected.v1.json", "BOOKING_REJECTED",
						"Your booking for room-101 was not accepted",
						"Reason:    amount 12000.00 EUR exceeds the limit of 10000.00"),
				Arguments.of("booking-cancelled.v1.json", "BOOKING_CANCELLED", "Your booking for room-101 is cancelled",
						"your booking has been cancelled"),
				Arguments.of("booking-expired.v1.json", "BOOKING_EXPIRED", "Your booking for room-101 has expired",
						"the\nbooking has expired and the dates are free again"));
	}

	@Test
	void sendsTheRefundContractDocumentToTheCustomerOfTheBooking() {
		UUID bookingId = UUID.randomUUID();
		ObjectNode refund = aContractEvent("payment-refunded.v1.json", bookingId);
		send(aBookingCreated(UUID.randomUUID(), bookingId));
		awaitNotifications(bookingId, 1);

		send(refund);

		JsonNode notification = awaitNotifications(bookingId, 2).get(1);
		assertThat(notification.get("type").asString()).isEqualTo("REFUND_ISSUED");
		assertThat(notification.get("recipient").asString()).isEqualTo("ada@example.com");
		assertThat(notification.get("subject").asString()).isEqualTo("We refunded 420.00 EUR for your booking");
		assertThat(notification.get("body").asString()).contains("Refunded:  420.00 EUR", bookingId.toString());
		assertThat(notification.get("eventId").asString()).isEqualTo(refund.get("eventId").asString());
	}

	@ParameterizedTest
	@ValueSource(strings = { "booking-confirmed.v1.json", "booking-rejected.v1.json", "booking-cancelled.v1.json",
			"booking-expired.v1.json", "payment-refunded.v1.json" })
	void skipsDuplicateDeliveryOfEachSagaEvent(String contract) {
		UUID bookingId = UUID.randomUUID();
		ObjectNode event = aContractEvent(contract, bookingId);
		send(aBookingCreated(UUID.randomUUID(), bookingId));
		awaitNotifications(bookingId, 1);

		send(event);
		send(event);

		awaitNotifications(bookingId, 2);
		awaitDrained(QUEUE);
		assertThat(notificationsOf(bookingId)).hasSize(2);
		assertThat(processedEventRows(UUID.fromString(event.get("eventId").asString()))).isOne();
	}

	@Test
	void sendsEachEmailOnceWhenBookingConfirmedArrivesBeforeBookingCreated() {
		UUID bookingId = UUID.randomUUID();

		send(aContractEvent("booking-confirmed.v1.json", bookingId));
		awaitNotifications(bookingId, 1);
		send(aBookingCreated(UUID.randomUUID(), bookingId));

		awaitNotifications(bookingId, 2);
		awaitDrained(QUEUE);
		assertThat(notificationsOf(bookingId)).extracting((notification) -> notification.get("type").asString())
			.containsExactly("BOOKING_CONFIRMED", "BOOKING_RECEIVED");
	}

	@Test
	void redeliversARefundUntilItsBookingIsKnownThenSendsOneEmail(CapturedOutput output) {
		UUID bookingId = UUID.randomUUID();
		ObjectNode refund = aContractEvent("payment-refunded.v1.json", bookingId);
		UUID refundEventId = UUID.fromString(refund.get("eventId").asString());

		send(refund);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output).contains("Booking " + bookingId + " is not known yet"));
		assertThat(notificationsOf(bookingId)).isEmpty();
		assertThat(processedEventRows(refundEventId)).isZero();
		send(aBookingCreated(UUID.randomUUID(), bookingId));

		awaitNotifications(bookingId, 2);
		awaitDrained(QUEUE);
		assertThat(notificationsOf(bookingId)).extracting((notification) -> notification.get("type").asString())
			.containsExactly("BOOKING_RECEIVED", "REFUND_ISSUED");
		assertThat(processedEventRows(refundEventId)).isOne();
	}

	@Test
	void deadLettersARefundOfABookingThatNeverBecomesKnown() {
		UUID bookingId = UUID.randomUUID();
		String refund = JSON.writeValueAsString(aContractEvent("payment-refunded.v1.json", bookingId));

		send(refund);

		receiveUntil(DEAD_LETTER_QUEUE,
				(messages) -> messages.stream().anyMatch((message) -> message.body().equals(refund)));
		assertThat(notificationsOf(bookingId)).isEmpty();
		assertThat(processedEventRows(UUID.fromString(JSON.readTree(refund).get("eventId").asString()))).isZero();
	}

	@Test
	void deadLettersPoisonMessagesAndKeepsConsuming() {
		String notJson = "not json " + UUID.randomUUID();
		String unknownType = """
				{"eventId":"%s","eventType":"BookingShipped","eventVersion":1}""".formatted(UUID.randomUUID());
		ObjectNode missingEmail = (ObjectNode) JSON.readTree(aBookingCreated(UUID.randomUUID(), UUID.randomUUID()));
		missingEmail.remove("customerEmail");
		String missingField = JSON.writeValueAsString(missingEmail);
		UUID injectedBookingId = UUID.randomUUID();
		ObjectNode injection = (ObjectNode) JSON.readTree(aBookingCreated(UUID.randomUUID(), injectedBookingId));
		injection.put("customerEmail", "ada@example.com\r\nBcc: everyone@example.com");
		String headerInjection = JSON.writeValueAsString(injection);
		UUID bookingId = UUID.randomUUID();
		double unknownTypeFailuresBefore = metric("events_failed_total", "event_type=\"BookingShipped\"");

		send(notJson);
		send(unknownType);
		send(missingField);
		send(headerInjection);
		send(aBookingCreated(UUID.randomUUID(), bookingId));

		awaitNotifications(bookingId, 1);
		assertThat(receiveFromDeadLetterQueue(4)).extracting(Message::body)
			.containsExactlyInAnyOrder(notJson, unknownType, missingField, headerInjection);
		assertThat(notificationsOf(injectedBookingId)).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					metric("events_failed_total", "event_type=\"BookingShipped\"", "queue=\"" + QUEUE + "\"")
							- unknownTypeFailuresBefore)
				.as("one failure per receive the redrive policy allows")
				.isEqualTo(5.0));
		UUID laterBookingId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), laterBookingId));
		awaitNotifications(laterBookingId, 1);
	}

	private static String aBookingCreated(UUID eventId, UUID bookingId) {
		return JSON.writeValueAsString(
				aContractEvent("booking-created.v1.json", bookingId).put("eventId", eventId.toString()));
	}

	private static void send(ObjectNode event) {
		deliver(QUEUE, event);
	}

	private static void send(String body) {
		deliver(QUEUE, body);
	}

	private List<JsonNode> awaitNotifications(UUID bookingId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> notificationsOf(bookingId), (notifications) -> notifications.size() == count);
	}

	private List<JsonNode> notificationsOf(UUID bookingId) {
		return getJson("/notifications?bookingId=" + bookingId).valueStream().toList();
	}

	private static List<Message> receiveFromDeadLetterQueue(int count) {
		return receiveUntil(DEAD_LETTER_QUEUE, (messages) -> messages.size() >= count);
	}

	private long processedEventRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

}
