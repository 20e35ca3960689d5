package io.bookingdemo.booking.bookings;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import io.bookingdemo.testsupport.ProcessingTimes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.booking.bookings.Bookings.aBookingRequest;
import static io.bookingdemo.booking.bookings.PaymentEvents.sendPaymentCaptured;
import static io.bookingdemo.booking.bookings.PaymentEvents.sendPaymentDeclined;
import static io.bookingdemo.testsupport.Contracts.aContractEvent;
import static io.bookingdemo.testsupport.Contracts.assertMatchesContract;
import static io.bookingdemo.testsupport.Contracts.contract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The booking's side of the saga: payment outcomes arrive on the service's own queue and
 * move the booking, cancellations ask for a refund, and every outcome is published as the
 * contracts describe.
 */
class PaymentOutcomesIntegrationTests extends BookingApiIntegrationTests {

	private static final String QUEUE = PaymentEvents.QUEUE;

	@Autowired
	private MeterRegistry meters;

	@Test
	void confirmsBookingWhosePaymentWasCapturedAndPublishesBookingConfirmed() {
		JsonNode created = create();
		String id = created.get("id").asString();
		UUID paymentId = UUID.randomUUID();

		sendPaymentCaptured(id, paymentId, UUID.randomUUID());

		JsonNode booking = awaitStatus(id, "CONFIRMED");
		assertThat(booking.get("paymentId").asString()).isEqualTo(paymentId.toString());
		assertThat(booking.get("rejectionReason").isNull()).isTrue();
		assertThat(Instant.parse(booking.get("decidedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(created.get("createdAt").asString()));
		assertThat(created.get("decidedAt").isNull()).isTrue();
		JsonNode event = JSON.readTree(receiveOne("notification-service-events", id, "BookingConfirmed").body());
		assertMatchesContract(event, "booking-confirmed.v1.json");
		assertThat(event.get("bookingId").asString()).isEqualTo(id);
		assertThat(event.get("paymentId").asString()).isEqualTo(paymentId.toString());
		for (String field : List.of("customerId", "customerEmail", "resourceId", "startDate", "endDate", "amount",
				"currency")) {
			assertThat(event.get(field)).as(field).isEqualTo(created.get(field));
		}
	}

	@Test
	void rejectsBookingWhosePaymentWasDeclinedWithTheReason() {
		String id = create().get("id").asString();
		UUID paymentId = UUID.randomUUID();

		sendPaymentDeclined(id, paymentId, UUID.randomUUID(), "amount 420.00 EUR exceeds the limit of 100.00");

		JsonNode booking = awaitStatus(id, "REJECTED");
		assertThat(booking.get("rejectionReason").asString())
			.isEqualTo("amount 420.00 EUR exceeds the limit of 100.00");
		JsonNode event = JSON.readTree(receiveOne("notification-service-events", id, "BookingRejected").body());
		assertMatchesContract(event, "booking-rejected.v1.json");
		assertThat(event.get("reason").asString()).isEqualTo("amount 420.00 EUR exceeds the limit of 100.00");
		assertThat(event.get("paymentId").asString()).isEqualTo(paymentId.toString());
	}

	@Test
	void readsThePaymentOutcomesAsTheirContractDocumentsDescribeThem() {
		String captured = create().get("id").asString();
		String declined = create().get("id").asString();

		deliver(QUEUE, aContractEvent("payment-captured.v1.json", captured));
		deliver(QUEUE, aContractEvent("payment-declined.v1.json", declined));

		assertThat(awaitStatus(captured, "CONFIRMED").get("paymentId").asString())
			.isEqualTo(contract("payment-captured.v1.json").get("paymentId").asString());
		assertThat(awaitStatus(declined, "REJECTED").get("rejectionReason").asString())
			.isEqualTo(contract("payment-declined.v1.json").get("reason").asString());
	}

	@Test
	void measuresItsQueueAndThePaymentOutcomesItProcesses() {
		double processedBefore = processed("PaymentCaptured");
		String id = create().get("id").asString();

		sendPaymentCaptured(id, UUID.randomUUID(), UUID.randomUUID());

		awaitStatus(id, "CONFIRMED");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(processed("PaymentCaptured")).isGreaterThan(processedBefore));
		// Its own queue, and those its topic fans out to, which stay visible when their
		// consumer is down.
		for (String queue : List.of(QUEUE, QUEUE + "-dlq", "payment-service-booking-events",
				"notification-service-events-dlq")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						this.meters.find("sqs.queue.messages").tags("queue", queue, "state", "visible").gauge())
					.as(queue)
					.isNotNull());
		}
	}

	@Test
	void appliesADuplicatedPaymentCapturedOnce() {
		String id = create().get("id").asString();
		UUID eventId = UUID.randomUUID();

		sendPaymentCaptured(id, UUID.randomUUID(), eventId);
		sendPaymentCaptured(id, UUID.randomUUID(), eventId);

		awaitStatus(id, "CONFIRMED");
		awaitDrained(QUEUE);
		assertThat(outboxEvents(id)).containsExactly("BookingCreated", "BookingConfirmed");
	}

	@Test
	void appliesAPaymentOutcomeReplayedUnderANewEventIdOnce() {
		String id = create().get("id").asString();
		UUID paymentId = UUID.randomUUID();
		UUID replayId = UUID.randomUUID();
		sendPaymentCaptured(id, paymentId, UUID.randomUUID());
		awaitStatus(id, "CONFIRMED");

		sendPaymentCaptured(id, paymentId, replayId);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ignoredBecause(replayId)).contains("is CONFIRMED"));
		awaitDrained(QUEUE);
		assertThat(outboxEvents(id)).containsExactly("BookingCreated", "BookingConfirmed");
	}

	@Test
	void cancelsAConfirmedBookingAndPublishesBookingCancelledForTheRefund() {
		String id = confirmedBooking();

		HttpResponse<String> response = postJson("/bookings/" + id + "/cancel", "");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("CANCELLED");
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("CANCELLED");
		Message message = receiveOne("payment-service-booking-events", id, "BookingCancelled");
		assertMatchesContract(JSON.readTree(message.body()), "booking-cancelled.v1.json");
		assertThat(message.messageAttributes().get("eventType").stringValue()).isEqualTo("BookingCancelled");
	}

	@Test
	void refusesToCancelABookingThatIsNotConfirmedAndChangesNothing() {
		String pending = create().get("id").asString();
		String rejected = create().get("id").asString();
		sendPaymentDeclined(rejected, UUID.randomUUID(), UUID.randomUUID(), "declined");
		awaitStatus(rejected, "REJECTED");
		String cancelled = confirmedBooking();
		assertThat(postJson("/bookings/" + cancelled + "/cancel", "").statusCode()).isEqualTo(200);

		for (String id : List.of(pending, rejected, cancelled)) {
			String before = get("/bookings/" + id).body();
			HttpResponse<String> response = postJson("/bookings/" + id + "/cancel", "");

			assertThat(response.statusCode()).as(id).isEqualTo(409);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(response.body()).get("type").asString())
				.isEqualTo("https://booking-demo.example/problems/booking-state-conflict");
			assertThat(get("/bookings/" + id).body()).isEqualTo(before);
		}
		assertThat(outboxEvents(cancelled)).containsOnlyOnce("BookingCancelled");
		assertThat(outboxEvents(pending)).containsExactly("BookingCreated");
		assertThat(postJson("/bookings/" + UUID.randomUUID() + "/cancel", "").statusCode()).isEqualTo(404);
	}

	@Test
	void recordsAndIgnoresAPaymentOutcomeThatArrivesAfterTheBookingMovedOn() {
		String id = confirmedBooking();
		assertThat(postJson("/bookings/" + id + "/cancel", "").statusCode()).isEqualTo(200);
		UUID lateCapture = UUID.randomUUID();
		UUID lateDecline = UUID.randomUUID();

		sendPaymentCaptured(id, UUID.randomUUID(), lateCapture);
		sendPaymentDeclined(id, UUID.randomUUID(), lateDecline, "declined");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ignoredBecause(lateCapture)).contains("is CANCELLED"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ignoredBecause(lateDecline)).contains("is CANCELLED"));
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("CANCELLED");
		assertThat(outboxEvents(id)).containsExactly("BookingCreated", "BookingConfirmed", "BookingCancelled");
	}

	@Test
	void movesAPaymentEventForAnUnknownBookingToTheDeadLetterQueueAndKeepsConsuming() {
		String unknown = UUID.randomUUID().toString();
		UUID poison = UUID.randomUUID();
		sendPaymentCaptured(unknown, UUID.randomUUID(), poison);
		String id = create().get("id").asString();
		sendPaymentCaptured(id, UUID.randomUUID(), UUID.randomUUID());

		awaitStatus(id, "CONFIRMED");
		List<Message> dead = receiveUntil(QUEUE + "-dlq",
				(messages) -> messages.stream().anyMatch((message) -> message.body().contains(poison.toString())));
		assertThat(dead).anyMatch((message) -> message.body().contains(unknown));
	}

	// The service reads no amount from a payment outcome, so only a JSON number, which
	// every consumer checks wherever it is, is refused; an amount in a string it never
	// reads costs nothing.
	@Test
	void refusesHostileNumbersCheaplyDeadLettersThemWithTheirReasonAndKeepsConsuming() {
		String id = create().get("id").asString();
		List<String> hostile = new ArrayList<>();
		long slowBefore = ProcessingTimes.slowerThan(this.meters, QUEUE, "PaymentCaptured", Duration.ofSeconds(1));

		for (String amount : List.of("1E+100000000", "1e-999999999", "-1E+50")) {
			UUID eventId = UUID.randomUUID();
			hostile.add(eventId.toString());
			sendPaymentCaptured(id, UUID.randomUUID(), eventId, amount);
		}

		List<Message> dead = receiveUntil(QUEUE + "-dlq", (messages) -> hostile.stream()
			.allMatch((eventId) -> messages.stream().anyMatch((message) -> message.body().contains(eventId))));
		int maxReceiveCount = INFRASTRUCTURE.queues().maxReceiveCount(QUEUE);
		dead.stream()
			.filter((message) -> hostile.stream().anyMatch((eventId) -> message.body().contains(eventId)))
			.forEach((message) -> assertThat(
					this.jdbc.sql("select receive_count, exception, reason from message_failures where message_id = ?")
						.param(message.messageId())
						.query()
						.singleRow())
				.containsEntry("receive_count", maxReceiveCount)
				.containsEntry("exception", "io.bookingdemo.support.consumer.UnprocessableMessageException")
				.hasEntrySatisfying("reason",
						(reason) -> assertThat(reason.toString()).contains("out of bounds in amount")));
		assertThat(
				ProcessingTimes.slowerThan(this.meters, QUEUE, "PaymentCaptured", Duration.ofSeconds(1)) - slowBefore)
			.as("PaymentCaptured deliveries that took over a second")
			.isZero();
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("PENDING");
		sendPaymentCaptured(id, UUID.randomUUID(), UUID.randomUUID());
		awaitStatus(id, "CONFIRMED");
	}

	private double processed(String eventType) {
		Counter counter = this.meters.find("events.processed").tags("queue", QUEUE, "event.type", eventType).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private JsonNode create() {
		HttpResponse<String> response = postJson("/bookings", aBookingRequest());
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	private String confirmedBooking() {
		String id = create().get("id").asString();
		sendPaymentCaptured(id, UUID.randomUUID(), UUID.randomUUID());
		awaitStatus(id, "CONFIRMED");
		return id;
	}

}
