package io.bookingdemo.payment;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.testsupport.ConsumerIntegrationTests;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.testsupport.Contracts.aContractEvent;
import static io.bookingdemo.testsupport.Contracts.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the service on a random port against real PostgreSQL and a real SNS/SQS emulator,
 * sending events straight to its queue as SNS raw delivery would and reading what it
 * publishes from the queues subscribed to its topic.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentServiceIntegrationTests extends ConsumerIntegrationTests {

	private static final String QUEUE = "payment-service-booking-events";

	private static final String DEAD_LETTER_QUEUE = QUEUE + "-dlq";

	/** Receives {@code PaymentCaptured} and {@code PaymentDeclined}. */
	private static final String BOOKING_API_QUEUE = "booking-api-payment-events";

	/** Receives every payment event, {@code PaymentRefunded} included. */
	private static final String LEDGER_QUEUE = "ledger-service-events";

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		useLocalInfrastructure(registry, "payment");
		registry.add("messaging.listener.retry.initial-backoff", () -> "1s");
		registry.add("messaging.listener.retry.multiplier", () -> "1.0");
		registry.add("messaging.metrics.refresh", () -> "200ms");
	}

	@Test
	void capturesThePaymentOfTheContractDocument() {
		UUID eventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(eventId, bookingId, "420.00"));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		assertThat(payment.get("id").asString()).isNotBlank();
		assertThat(payment.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(payment.get("status").asString()).isEqualTo("CAPTURED");
		assertThat(payment.get("amount").asString()).isEqualTo("420.00");
		assertThat(payment.get("currency").asString()).isEqualTo("EUR");
		assertThat(payment.get("reason").isNull()).isTrue();
		assertThat(payment.get("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(payment.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
	}

	@Test
	void declinesAPaymentOverTheLimit() {
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(UUID.randomUUID(), bookingId, "10000.01"));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
		assertThat(payment.get("reason").asString()).isEqualTo("amount 10000.01 EUR exceeds the limit of 10000.00");
	}

	@Test
	void skipsDuplicateDelivery() {
		UUID eventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();
		String event = aBookingCreated(eventId, bookingId, "420.00");

		send(event);
		send(event);

		awaitPayments(bookingId, 1);
		awaitDrained(QUEUE);
		assertThat(paymentsOf(bookingId)).hasSize(1);
		assertThat(processedEventRows(eventId)).isOne();
	}

	@Test
	void takesOnlyOnePaymentPerBooking() {
		UUID firstEventId = UUID.randomUUID();
		UUID secondEventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(firstEventId, bookingId, "420.00"));
		awaitPayments(bookingId, 1);
		send(aBookingCreated(secondEventId, bookingId, "420.00"));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(secondEventId) == 1);
		assertThat(paymentsOf(bookingId)).singleElement()
			.satisfies((payment) -> assertThat(payment.get("eventId").asString()).isEqualTo(firstEventId.toString()));
		assertThat(ignoredBecause(secondEventId)).isEqualTo("booking " + bookingId + " already has its payment");
		assertThat(outboxEvents(bookingId, "PaymentCaptured")).isOne();
	}

	@Test
	void deadLettersPoisonMessagesAndKeepsConsuming() {
		String notJson = "not json " + UUID.randomUUID();
		String unknownType = """
				{"eventId":"%s","eventType":"BookingShipped","eventVersion":1}""".formatted(UUID.randomUUID());
		ObjectNode missingAmount = (ObjectNode) JSON
			.readTree(aBookingCreated(UUID.randomUUID(), UUID.randomUUID(), "420.00"));
		missingAmount.remove("amount");
		String missingField = JSON.writeValueAsString(missingAmount);
		UUID bookingId = UUID.randomUUID();
		double unknownTypeFailuresBefore = metric("events_failed_total", "event_type=\"BookingShipped\"");

		send(notJson);
		send(unknownType);
		send(missingField);
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));

		awaitPayments(bookingId, 1);
		assertThat(receiveFromDeadLetterQueue(3)).extracting(Message::body)
			.containsExactlyInAnyOrder(notJson, unknownType, missingField);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					metric("events_failed_total", "event_type=\"BookingShipped\"", "queue=\"" + QUEUE + "\"")
							- unknownTypeFailuresBefore)
				.as("one failure per receive the redrive policy allows")
				.isEqualTo(5.0));
		UUID laterBookingId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), laterBookingId, "420.00"));
		awaitPayments(laterBookingId, 1);
	}

	@Test
	void declinesABookingInACurrencyThatIsNotAcceptedAndDeadLettersNothing() {
		UUID bookingId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		ObjectNode event = (ObjectNode) JSON.readTree(aBookingCreated(eventId, bookingId, "420.00"));

		send(JSON.writeValueAsString(event.put("currency", "JPY")));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
		assertThat(payment.get("currency").asString()).isEqualTo("JPY");
		assertThat(payment.get("reason").asString())
			.isEqualTo("currency JPY is not accepted (accepted: CHF, EUR, GBP, USD)");
		JsonNode declined = JSON.readTree(awaitPublished(BOOKING_API_QUEUE, bookingId, "PaymentDeclined").body());
		assertMatchesContract(declined, "payment-declined.v1.json");
		assertThat(declined.get("reason")).isEqualTo(payment.get("reason"));
		awaitDrained(QUEUE);
		assertThat(processedEventRows(eventId)).isOne();
		assertThat(failuresOf(eventId)).as("failed receives, the way to the dead-letter queue").isZero();
	}

	@Test
	void refundsTheCapturedPaymentOfAnExpiredBooking() {
		UUID bookingId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));
		awaitPayments(bookingId, 1);

		send(aBookingExpired(UUID.randomUUID(), bookingId));

		JsonNode payment = awaitStatus(bookingId, "REFUNDED");
		JsonNode refund = JSON.readTree(awaitPublished(LEDGER_QUEUE, bookingId, "PaymentRefunded").body());
		assertMatchesContract(refund, "payment-refunded.v1.json");
		assertThat(refund.get("paymentId")).isEqualTo(payment.get("id"));
		assertThat(refund.get("amount").asString()).isEqualTo("420.00");
		assertThat(outboxEvents(bookingId, "PaymentCaptured")).isOne();
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isOne();
	}

	@Test
	void declinesThePaymentOfABookingThatExpiredBeforeItsBookingCreatedArrived() {
		UUID bookingId = UUID.randomUUID();
		UUID expiry = UUID.randomUUID();
		UUID lateCreation = UUID.randomUUID();

		send(aBookingExpired(expiry, bookingId));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
		assertThat(payment.get("reason").asString()).isEqualTo("booking expired before its payment was taken");
		assertThat(payment.get("eventId").asString()).isEqualTo(expiry.toString());
		JsonNode declined = JSON.readTree(awaitPublished(LEDGER_QUEUE, bookingId, "PaymentDeclined").body());
		assertMatchesContract(declined, "payment-declined.v1.json");
		assertThat(declined.get("amount").asString()).isEqualTo("420.00");

		send(aBookingCreated(lateCreation, bookingId, "420.00"));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(lateCreation) == 1);
		assertThat(ignoredBecause(lateCreation)).endsWith("already has its payment");
		assertThat(paymentsOf(bookingId)).singleElement()
			.satisfies((only) -> assertThat(only.get("status").asString()).isEqualTo("DECLINED"));
		assertThat(outboxEvents(bookingId, "PaymentCaptured")).isZero();
		assertThat(failuresOf(lateCreation)).isZero();
	}

	@Test
	void refundsNothingWhenAnExpiredBookingsPaymentWasDeclined() {
		UUID bookingId = UUID.randomUUID();
		UUID expiry = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "10000.01"));
		awaitPayments(bookingId, 1);

		send(aBookingExpired(expiry, bookingId));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(expiry) == 1);
		assertThat(ignoredBecause(expiry)).endsWith("was declined, nothing to refund");
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isZero();
	}

	@Test
	void publishesPaymentCapturedAsTheContractDescribes() {
		UUID bookingId = UUID.randomUUID();
		String application = "application=\"payment-service\"";
		double publishedBefore = metric("outbox_publish_lag_seconds_count", application);

		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		Message message = awaitPublished(BOOKING_API_QUEUE, bookingId, "PaymentCaptured");
		JsonNode event = JSON.readTree(message.body());
		assertMatchesContract(event, "payment-captured.v1.json");
		assertThat(event.get("occurredAt")).isEqualTo(payment.get("createdAt"));
		assertThat(event.get("paymentId")).isEqualTo(payment.get("id"));
		assertThat(event.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(event.get("amount").asString()).isEqualTo("420.00");
		assertThat(event.get("currency").asString()).isEqualTo("EUR");
		assertCarriesTheEventAttributes(message, event);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric("outbox_publish_lag_seconds_count", application))
				.isGreaterThan(publishedBefore));
		await().atMost(Duration.ofSeconds(10)).until(() -> metric("outbox_backlog", application) == 0);
	}

	@Test
	void publishesPaymentDeclinedWithTheReasonAsTheContractDescribes() {
		UUID bookingId = UUID.randomUUID();

		send(aBookingCreated(UUID.randomUUID(), bookingId, "12000.00"));

		JsonNode payment = awaitPayments(bookingId, 1).get(0);
		Message message = awaitPublished(BOOKING_API_QUEUE, bookingId, "PaymentDeclined");
		JsonNode event = JSON.readTree(message.body());
		assertMatchesContract(event, "payment-declined.v1.json");
		assertThat(event.get("occurredAt")).isEqualTo(payment.get("createdAt"));
		assertThat(event.get("paymentId")).isEqualTo(payment.get("id"));
		assertThat(event.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(event.get("amount").asString()).isEqualTo("12000.00");
		assertThat(event.get("currency").asString()).isEqualTo("EUR");
		assertThat(event.get("reason").asString()).isEqualTo("amount 12000.00 EUR exceeds the limit of 10000.00");
		assertCarriesTheEventAttributes(message, event);
	}

	@Test
	void refundsTheCancellationOfTheContractDocumentAndPublishesPaymentRefunded() {
		UUID bookingId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));
		awaitPayments(bookingId, 1);

		send(aBookingCancelled(UUID.randomUUID(), bookingId));

		JsonNode payment = awaitStatus(bookingId, "REFUNDED");
		assertThat(payment.get("amount").asString()).isEqualTo("420.00");
		assertThat(payment.get("refundedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		Message message = awaitPublished(LEDGER_QUEUE, bookingId, "PaymentRefunded");
		JsonNode event = JSON.readTree(message.body());
		assertMatchesContract(event, "payment-refunded.v1.json");
		assertThat(event.get("occurredAt")).isEqualTo(payment.get("refundedAt"));
		assertThat(event.get("paymentId")).isEqualTo(payment.get("id"));
		assertThat(event.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(event.get("amount").asString()).isEqualTo("420.00");
		assertThat(event.get("currency").asString()).isEqualTo("EUR");
		assertCarriesTheEventAttributes(message, event);
	}

	@Test
	void skipsDuplicateCancellation() {
		UUID bookingId = UUID.randomUUID();
		UUID cancellationId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));
		awaitPayments(bookingId, 1);
		String cancellation = aBookingCancelled(cancellationId, bookingId);

		send(cancellation);
		send(cancellation);

		awaitStatus(bookingId, "REFUNDED");
		awaitDrained(QUEUE);
		assertThat(processedEventRows(cancellationId)).isOne();
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isOne();
	}

	@Test
	void ignoresAnotherCancellationOfARefundedPayment() {
		UUID bookingId = UUID.randomUUID();
		UUID secondCancellationId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));
		awaitPayments(bookingId, 1);
		send(aBookingCancelled(UUID.randomUUID(), bookingId));
		String refundedAt = awaitStatus(bookingId, "REFUNDED").get("refundedAt").asString();

		send(aBookingCancelled(secondCancellationId, bookingId));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(secondCancellationId) == 1);
		assertThat(paymentsOf(bookingId)).singleElement().satisfies((payment) -> {
			assertThat(payment.get("status").asString()).isEqualTo("REFUNDED");
			assertThat(payment.get("refundedAt").asString()).isEqualTo(refundedAt);
		});
		assertThat(ignoredBecause(secondCancellationId)).endsWith("is already refunded");
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isOne();
	}

	@Test
	void refundsNothingForADeclinedPayment() {
		UUID bookingId = UUID.randomUUID();
		UUID cancellationId = UUID.randomUUID();
		send(aBookingCreated(UUID.randomUUID(), bookingId, "10000.01"));
		awaitPayments(bookingId, 1);

		send(aBookingCancelled(cancellationId, bookingId));

		await().atMost(Duration.ofSeconds(30)).until(() -> processedEventRows(cancellationId) == 1);
		assertThat(paymentsOf(bookingId)).singleElement().satisfies((payment) -> {
			assertThat(payment.get("status").asString()).isEqualTo("DECLINED");
			assertThat(payment.get("refundedAt").isNull()).isTrue();
		});
		assertThat(outboxEvents(bookingId, "PaymentDeclined")).isOne();
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isZero();
	}

	@Test
	void keepsTheRefundWhenBookingCreatedIsRedeliveredAfterIt() {
		UUID bookingId = UUID.randomUUID();
		String creation = aBookingCreated(UUID.randomUUID(), bookingId, "420.00");
		send(creation);
		awaitPayments(bookingId, 1);
		send(aBookingCancelled(UUID.randomUUID(), bookingId));
		awaitStatus(bookingId, "REFUNDED");

		send(creation);

		awaitDrained(QUEUE);
		assertThat(paymentsOf(bookingId)).singleElement()
			.satisfies((payment) -> assertThat(payment.get("status").asString()).isEqualTo("REFUNDED"));
		assertThat(outboxEvents(bookingId, "PaymentCaptured")).isOne();
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isOne();
	}

	@Test
	void refundsACancellationThatOvertakesItsBooking(CapturedOutput output) {
		UUID bookingId = UUID.randomUUID();

		send(aBookingCancelled(UUID.randomUUID(), bookingId));
		await().atMost(Duration.ofSeconds(30))
			.alias("the cancellation failed for want of a payment and waits for its next delivery")
			.until(() -> output.getOut().contains("No payment for booking " + bookingId));
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));

		awaitStatus(bookingId, "REFUNDED");
		assertThat(outboxEvents(bookingId, "PaymentCaptured")).isOne();
		assertThat(outboxEvents(bookingId, "PaymentRefunded")).isOne();
	}

	@Test
	void deadLettersTheCancellationOfAnUnknownBookingAndKeepsConsuming() {
		UUID cancellationId = UUID.randomUUID();
		String unknownBooking = aBookingCancelled(cancellationId, UUID.randomUUID());
		UUID bookingId = UUID.randomUUID();

		send(unknownBooking);
		send(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));

		awaitPayments(bookingId, 1);
		assertThat(receiveFromDeadLetterQueue(1)).extracting(Message::body).containsExactly(unknownBooking);
		assertThat(processedEventRows(cancellationId)).isZero();
	}

	private static String aBookingCreated(UUID eventId, UUID bookingId, String amount) {
		return JSON
			.writeValueAsString(aContractEvent("booking-created.v1.json", bookingId).put("eventId", eventId.toString())
				.put("amount", amount));
	}

	private static String aBookingCancelled(UUID eventId, UUID bookingId) {
		return JSON.writeValueAsString(
				aContractEvent("booking-cancelled.v1.json", bookingId).put("eventId", eventId.toString()));
	}

	private static String aBookingExpired(UUID eventId, UUID bookingId) {
		return JSON.writeValueAsString(
				aContractEvent("booking-expired.v1.json", bookingId).put("eventId", eventId.toString()));
	}

	private static void assertCarriesTheEventAttributes(Message message, JsonNode event) {
		// The trace context of the booking's processing travels on with the outcome.
		assertThat(message.messageAttributes()).containsOnlyKeys("eventType", "eventVersion", "eventId", "messageGroup",
				"sequence", "publisher", "traceparent");
		assertThat(message.messageAttributes().get("messageGroup").stringValue()).as("grouped by booking")
			.isEqualTo(event.get("bookingId").asString());
		assertThat(message.messageAttributes().get("eventType").stringValue())
			.isEqualTo(event.get("eventType").asString());
		assertThat(message.messageAttributes().get("eventVersion").stringValue()).isEqualTo("1");
		assertThat(message.messageAttributes().get("eventId").stringValue()).isEqualTo(event.get("eventId").asString());
	}

	/**
	 * Reads a queue subscribed to the payment topic until the event of this type about
	 * this booking arrives; messages about other bookings, left by other tests, are
	 * deleted on the way.
	 */
	private static Message awaitPublished(String queue, UUID bookingId, String eventType) {
		return receiveUntil(queue,
				(messages) -> messages.stream().anyMatch((message) -> is(message, bookingId, eventType)))
			.stream()
			.filter((message) -> is(message, bookingId, eventType))
			.findFirst()
			.orElseThrow();
	}

	private static boolean is(Message message, UUID bookingId, String eventType) {
		JsonNode event = JSON.readTree(message.body());
		return event.path("bookingId").asString().equals(bookingId.toString())
				&& event.path("eventType").asString().equals(eventType);
	}

	private JsonNode awaitStatus(UUID bookingId, String status) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> paymentsOf(bookingId),
					(payments) -> payments.size() == 1 && payments.get(0).get("status").asString().equals(status))
			.get(0);
	}

	private static void send(String body) {
		deliver(QUEUE, body);
	}

	private List<JsonNode> awaitPayments(UUID bookingId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> paymentsOf(bookingId), (payments) -> payments.size() == count);
	}

	private List<JsonNode> paymentsOf(UUID bookingId) {
		return getJson("/payments?bookingId=" + bookingId).valueStream().toList();
	}

	private static List<Message> receiveFromDeadLetterQueue(int count) {
		return receiveUntil(DEAD_LETTER_QUEUE, (messages) -> messages.size() >= count);
	}

	private long outboxEvents(UUID bookingId, String eventType) {
		return this.jdbc.sql("""
				select count(*) from outbox_events o join payments p on p.id = o.aggregate_id
				where p.booking_id = ? and o.event_type = ?
				""").params(bookingId, eventType).query(Long.class).single();
	}

	private String ignoredBecause(UUID eventId) {
		return this.jdbc.sql("select ignored_because from processed_events where event_id = ?")
			.param(eventId)
			.query(String.class)
			.single();
	}

	private long failuresOf(UUID eventId) {
		return this.jdbc.sql("select count(*) from message_failures where event_id = ?")
			.param(eventId.toString())
			.query(Long.class)
			.single();
	}

	private long processedEventRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

}
