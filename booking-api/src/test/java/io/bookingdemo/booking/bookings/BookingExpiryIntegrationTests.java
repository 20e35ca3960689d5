package io.bookingdemo.booking.bookings;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.booking.bookings.Bookings.aBookingRequest;
import static io.bookingdemo.booking.bookings.PaymentEvents.sendPaymentCaptured;
import static io.bookingdemo.testsupport.Contracts.assertMatchesContract;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pending booking whose payment outcome never comes expires: its dates are free again,
 * {@code BookingExpired} is published for the refund and the e-mail, and a payment
 * outcome arriving later is ignored with the reason.
 */
class BookingExpiryIntegrationTests extends BookingApiIntegrationTests {

	@Test
	void expiresAnOverdueBookingReleasesItsDatesAndPublishesBookingExpired() {
		String request = aBookingRequest();
		JsonNode created = create(request);
		String id = created.get("id").asString();

		makeOverdue(id);

		JsonNode expired = awaitStatus(id, "EXPIRED");
		assertThat(Instant.parse(expired.get("decidedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(created.get("createdAt").asString()));
		assertThat(postJson("/bookings", request).statusCode()).as("the same dates again").isEqualTo(201);
		for (String queue : List.of("payment-service-booking-events", "notification-service-events")) {
			Message message = receiveOne(queue, id, "BookingExpired");
			JsonNode event = JSON.readTree(message.body());
			assertMatchesContract(event, "booking-expired.v1.json");
			for (String field : List.of("customerId", "customerEmail", "resourceId", "startDate", "endDate", "amount",
					"currency")) {
				assertThat(event.get(field)).as(field).isEqualTo(created.get(field));
			}
			assertThat(event.get("occurredAt")).isEqualTo(expired.get("decidedAt"));
			assertThat(event.get("reason").asString()).isEqualTo("no payment outcome within PT10M");
		}
		assertThat(outboxEvents(id)).containsExactly("BookingCreated", "BookingExpired");
	}

	@Test
	void leavesABookingPendingWithinThePaymentTimeout() {
		String id = create(aBookingRequest()).get("id").asString();
		String overdue = create(aBookingRequest()).get("id").asString();

		makeOverdue(overdue);

		awaitStatus(overdue, "EXPIRED");
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("PENDING");
	}

	@Test
	void ignoresAPaymentCapturedAfterTheExpiryWithTheReason() {
		String id = create(aBookingRequest()).get("id").asString();
		makeOverdue(id);
		awaitStatus(id, "EXPIRED");
		UUID lateCapture = UUID.randomUUID();

		sendPaymentCaptured(id, UUID.randomUUID(), lateCapture);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ignoredBecause(lateCapture)).contains("is EXPIRED"));
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("EXPIRED");
		assertThat(outboxEvents(id)).containsExactly("BookingCreated", "BookingExpired");
	}

	private JsonNode create(String request) {
		HttpResponse<String> response = postJson("/bookings", request);
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body());
	}

	// Older than the payment timeout, as if it had waited: the test's clock is the
	// database's row, not a timeout shortened for every test of this context.
	private void makeOverdue(String id) {
		this.jdbc.sql("update bookings set created_at = created_at - interval '11 minutes' where id = ?::uuid")
			.param(id)
			.update();
	}

}
