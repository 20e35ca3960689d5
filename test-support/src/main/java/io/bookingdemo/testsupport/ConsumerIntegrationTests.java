package io.bookingdemo.testsupport;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The base of the integration tests of a service that consumes {@code BookingCreated}
 * from its queue: on top of {@link ServiceIntegrationTests}, the tests of what every such
 * consumer measures and refuses, written once and run against each one.
 */
public abstract class ConsumerIntegrationTests extends ServiceIntegrationTests {

	private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);

	@Value("${spring.application.name}")
	private String application;

	@Value("${messaging.queue}")
	private String queue;

	@Autowired
	private MeterRegistry registry;

	@Test
	void countsProcessedEventsAndTheirAgeSinceTheyOccurred() {
		String[] labels = processedLabels();
		double agesBefore = metric("events_age_seconds_count", labels);
		double ageSecondsBefore = metric("events_age_seconds_sum", labels);

		processABookingCreated(Instant.now().minusSeconds(90));

		assertThat(metric("events_age_seconds_count", labels)).isGreaterThan(agesBefore);
		assertThat(metric("events_age_seconds_sum", labels) - ageSecondsBefore).isGreaterThanOrEqualTo(90.0);
		assertThat(metric("events_age_seconds_bucket", labels)).isPositive();
		assertThat(metric("events_processing_seconds_bucket", labels)).isPositive();
		assertThat(metric("http_server_requests_seconds_bucket", application())).isPositive();
	}

	@Test
	void reportsTheDepthOfItsQueueAndOfItsDeadLetterQueue() {
		// Leaves the service as its other tests do, with an event processed: some check
		// after each test what the events did.
		processABookingCreated(Instant.now());
		String deadLetterQueue = this.queue + "-dlq";
		String deadLetterVisible = "queue=\"" + deadLetterQueue + "\"";
		emptyQueue(deadLetterQueue);
		await().atMost(PROCESSING_TIMEOUT)
			.until(() -> metric("sqs_queue_messages", deadLetterVisible, "state=\"visible\"") == 0);

		deliver(deadLetterQueue, "dead letter " + UUID.randomUUID());

		await().atMost(PROCESSING_TIMEOUT)
			.untilAsserted(() -> assertThat(
					metric("sqs_queue_messages", application(), deadLetterVisible, "state=\"visible\""))
				.isEqualTo(1.0));
		assertThat(prometheus()).contains(
				"sqs_queue_messages{application=\"" + this.application + "\",queue=\"" + this.queue
						+ "\",state=\"in_flight\"}",
				"sqs_queue_messages{application=\"" + this.application + "\",queue=\"" + this.queue
						+ "\",state=\"delayed\"}");
		assertThat(INFRASTRUCTURE.queues().receiveAndDelete(deadLetterQueue)).hasSize(1);
		await().atMost(PROCESSING_TIMEOUT)
			.untilAsserted(
					() -> assertThat(metric("sqs_queue_messages", deadLetterVisible, "state=\"visible\"")).isZero());
	}

	@Test
	void servesItsCommittedApiDocumentWithoutAToken() {
		// Leaves the service as its other tests do, with an event processed.
		processABookingCreated(Instant.now());

		JsonNode document = ApiDocuments.assertServedAsCommitted(uri("/v3/api-docs"), ApiDocuments.COMMITTED);

		// Every endpoint of a consumer is an operator's: its own and the dead letters.
		ApiDocuments.assertEveryOperationDescribed(document, List.of("/"));
		assertThat(document.path("paths").propertyNames()).contains("/admin/dead-letters",
				"/admin/dead-letters/redrive");
		HttpResponse<String> swaggerUi = Http.get(uri("/swagger-ui/index.html"));
		assertThat(swaggerUi.statusCode()).isEqualTo(200);
	}

	/**
	 * Amounts that once kept a consumer busy for minutes, or out of memory, in the
	 * arithmetic after the message was read: as strings and as JSON numbers.
	 * @return the amounts, as they appear in the JSON
	 */
	public static List<String> hostileAmounts() {
		return List.of("\"1E+100000000\"", "\"1E-999999999\"", "\"-1E+50\"", "1E+100000000", "1e-999999999");
	}

	@Test
	void refusesHostileAmountsCheaplyDeadLettersThemWithTheirReasonAndKeepsConsuming() {
		Map<String, String> bodies = new LinkedHashMap<>();
		for (String amount : hostileAmounts()) {
			ObjectNode event = Contracts.aContractEvent("booking-created.v1.json", UUID.randomUUID());
			event.put("amount", "AMOUNT");
			bodies.put(event.toString().replace("\"AMOUNT\"", amount), amount);
		}
		long slowBefore = processedInMoreThanASecond();

		bodies.keySet().forEach((body) -> deliver(this.queue, body));

		List<Message> deadLetters = receiveUntil(this.queue + "-dlq",
				(received) -> received.stream()
					.map(Message::body)
					.collect(Collectors.toSet())
					.containsAll(bodies.keySet()));
		int maxReceiveCount = INFRASTRUCTURE.queues().maxReceiveCount(this.queue);
		deadLetters.stream()
			.filter((message) -> bodies.containsKey(message.body()))
			.forEach((message) -> assertThat(
					this.jdbc.sql("select receive_count, exception, reason from message_failures where message_id = ?")
						.param(message.messageId())
						.query()
						.singleRow())
				.as("failure record of the amount %s", bodies.get(message.body()))
				.containsEntry("receive_count", maxReceiveCount)
				.containsEntry("exception", "io.bookingdemo.support.consumer.UnprocessableMessageException")
				.hasEntrySatisfying("reason",
						(reason) -> assertThat(reason.toString()).contains("out of bounds").contains("amount")));
		// Each hostile message was refused at every receive; the longest it took is what
		// a minute-long computation would show.
		assertThat(processedInMoreThanASecond() - slowBefore).as("BookingCreated deliveries that took over a second")
			.isZero();
		processABookingCreated(Instant.now());
	}

	private long processedInMoreThanASecond() {
		return ProcessingTimes.slowerThan(this.registry, this.queue, "BookingCreated", Duration.ofSeconds(1));
	}

	private void processABookingCreated(Instant occurredAt) {
		ObjectNode event = Contracts.aContractEvent("booking-created.v1.json", UUID.randomUUID());
		event.put("occurredAt", occurredAt.toString());
		double processedBefore = metric("events_processed_total", processedLabels());

		deliver(this.queue, event);

		await().atMost(PROCESSING_TIMEOUT)
			.untilAsserted(() -> assertThat(metric("events_processed_total", processedLabels()))
				.isGreaterThan(processedBefore));
	}

	private String[] processedLabels() {
		return new String[] { application(), "queue=\"" + this.queue + "\"", "event_type=\"BookingCreated\"" };
	}

	private String application() {
		return "application=\"" + this.application + "\"";
	}

}
