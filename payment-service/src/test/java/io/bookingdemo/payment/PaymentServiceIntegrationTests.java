package io.bookingdemo.payment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.infra.local.LocalInfrastructure;
import io.bookingdemo.infra.local.Queues;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the service on a random port against real PostgreSQL and a real SQS emulator,
 * sending events straight to its queue as SNS raw delivery would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentServiceIntegrationTests {

	private static final String QUEUE = "payment-service-booking-events";

	private static final String DEAD_LETTER_QUEUE = QUEUE + "-dlq";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Queues QUEUES = LocalInfrastructure.shared().queues();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		LocalInfrastructure.shared()
			.springProperties("payment")
			.forEach((name, value) -> registry.add(name, () -> value));
		registry.add("payment.retry.initial-backoff", () -> "1s");
		registry.add("payment.retry.multiplier", () -> "1.0");
		registry.add("payment.metrics.queue-depth-refresh", () -> "200ms");
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
		awaitQueueDrained();
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
	}

	@Test
	void deadLettersPoisonMessagesAndKeepsConsuming() {
		String notJson = "not json " + UUID.randomUUID();
		String unknownType = """
				{"eventId":"%s","eventType":"BookingShipped","eventVersion":1}""".formatted(UUID.randomUUID());
		ObjectNode missingAmount = (ObjectNode) this.json
			.readTree(aBookingCreated(UUID.randomUUID(), UUID.randomUUID(), "420.00"));
		missingAmount.remove("amount");
		String missingField = this.json.writeValueAsString(missingAmount);
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
	void countsProcessedEventsAndTheirAgeSinceTheyOccurred() {
		UUID bookingId = UUID.randomUUID();
		ObjectNode event = (ObjectNode) this.json.readTree(aBookingCreated(UUID.randomUUID(), bookingId, "420.00"));
		event.put("occurredAt", Instant.now().minusSeconds(90).toString());
		String processed = "events_processed_total";
		String[] labels = { "application=\"payment-service\"", "queue=\"" + QUEUE + "\"",
				"event_type=\"BookingCreated\"" };
		double processedBefore = metric(processed, labels);
		double agesBefore = metric("events_age_seconds_count", labels);
		double ageSecondsBefore = metric("events_age_seconds_sum", labels);

		send(this.json.writeValueAsString(event));

		awaitPayments(bookingId, 1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric(processed, labels)).isGreaterThan(processedBefore));
		assertThat(metric("events_age_seconds_count", labels)).isGreaterThan(agesBefore);
		assertThat(metric("events_age_seconds_sum", labels) - ageSecondsBefore).isGreaterThanOrEqualTo(90.0);
		assertThat(metric("events_age_seconds_bucket", labels)).isPositive();
		assertThat(metric("events_processing_seconds_bucket", labels)).isPositive();
		assertThat(metric("http_server_requests_seconds_bucket", "application=\"payment-service\"")).isPositive();
	}

	@Test
	void reportsTheDepthOfItsQueueAndOfItsDeadLetterQueue() {
		String deadLetterVisible = "queue=\"" + DEAD_LETTER_QUEUE + "\"";
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			QUEUES.receiveAndDelete(DEAD_LETTER_QUEUE);
			return QUEUES.isDrained(DEAD_LETTER_QUEUE);
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> metric("sqs_queue_messages", deadLetterVisible, "state=\"visible\"") == 0);

		QUEUES.send(DEAD_LETTER_QUEUE, "dead letter " + UUID.randomUUID(), "BookingCreated",
				UUID.randomUUID().toString());

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric("sqs_queue_messages", "application=\"payment-service\"",
					deadLetterVisible, "state=\"visible\""))
				.isEqualTo(1.0));
		assertThat(prometheus()).contains(
				"sqs_queue_messages{application=\"payment-service\",queue=\"" + QUEUE + "\",state=\"in_flight\"}",
				"sqs_queue_messages{application=\"payment-service\",queue=\"" + QUEUE + "\",state=\"delayed\"}");
		assertThat(QUEUES.receiveAndDelete(DEAD_LETTER_QUEUE)).hasSize(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(metric("sqs_queue_messages", deadLetterVisible, "state=\"visible\"")).isZero());
	}

	private String aBookingCreated(UUID eventId, UUID bookingId, String amount) {
		try (InputStream contract = new ClassPathResource("contracts/booking-created.v1.json").getInputStream()) {
			ObjectNode event = (ObjectNode) this.json.readTree(contract);
			event.put("eventId", eventId.toString());
			event.put("bookingId", bookingId.toString());
			event.put("amount", amount);
			return this.json.writeValueAsString(event);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void send(String body) {
		String eventType = "BookingCreated";
		String eventId = "";
		if (body.startsWith("{")) {
			JsonNode event = this.json.readTree(body);
			eventType = event.path("eventType").asString();
			eventId = event.path("eventId").asString();
		}
		QUEUES.send(QUEUE, body, eventType, eventId.isEmpty() ? UUID.randomUUID().toString() : eventId);
	}

	private List<JsonNode> awaitPayments(UUID bookingId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> paymentsOf(bookingId), (payments) -> payments.size() == count);
	}

	private List<JsonNode> paymentsOf(UUID bookingId) {
		HttpResponse<String> response = get("/payments?bookingId=" + bookingId);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body()).valueStream().toList();
	}

	private void awaitQueueDrained() {
		await().atMost(Duration.ofSeconds(30)).until(() -> QUEUES.isDrained(QUEUE));
	}

	private List<Message> receiveFromDeadLetterQueue(int count) {
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			received.addAll(QUEUES.receiveAndDelete(DEAD_LETTER_QUEUE));
			return received.size() >= count;
		});
		return received;
	}

	private long processedEventRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from processed_events where event_id = ?")
			.param(eventId)
			.query(Long.class)
			.single();
	}

	/**
	 * The sum of the samples of a metric in the Prometheus scrape whose labels include
	 * all the given ones, zero if there is none.
	 */
	private double metric(String name, String... labels) {
		return prometheus().lines()
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private String prometheus() {
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> get(String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
