package io.bookingdemo.booking;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.testsupport.ServiceIntegrationTests;
import io.bookingdemo.testsupport.TestTokens;
import io.bookingdemo.testsupport.ToggleableProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The base of the booking API's integration tests, which share one application context.
 * SNS is reached through {@link #SNS_PROXY} so that a test can cut it off. Each test
 * calls the API as a customer of its own, {@link #customer}.
 */
public abstract class BookingApiIntegrationTests extends ServiceIntegrationTests {

	protected static final ToggleableProxy SNS_PROXY = new ToggleableProxy(INFRASTRUCTURE.emulator().endpoint());

	/** The customer who calls the API in this test, the subject of {@link #token()}. */
	protected final String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		useLocalInfrastructure(registry, "booking");
		registry.add("spring.cloud.aws.sns.endpoint", () -> SNS_PROXY.endpoint().toString());
		// A poison message reaches its dead-letter queue after five receives a second
		// apart instead of the production backoff's 15 s.
		registry.add("messaging.listener.retry.multiplier", () -> "1.0");
		registry.add("messaging.metrics.refresh", () -> "200ms");
		// The payment timeout stays at its default, so that no other test's booking
		// expires; the expiry test makes its booking overdue instead.
		registry.add("booking.expiry.check-interval", () -> "200ms");
	}

	@Override
	protected String token() {
		return TestTokens.customer(this.customer);
	}

	/**
	 * Waits until the booking has the status.
	 * @param id the booking's id
	 * @param status the awaited status
	 * @return the booking as the API shows it then
	 */
	protected JsonNode awaitStatus(String id, String status) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> JSON.readTree(get("/bookings/" + id).body()),
					(booking) -> booking.get("status").asString().equals(status));
	}

	/**
	 * The one message of a queue about the booking and of the type given; fails if there
	 * are several.
	 */
	protected Message receiveOne(String queue, String bookingId, String eventType) {
		List<Message> matching = receiveUntil(queue,
				(messages) -> messages.stream()
					.anyMatch((message) -> message.body().contains(bookingId) && eventType.equals(typeOf(message))))
			.stream()
			.filter((message) -> message.body().contains(bookingId) && eventType.equals(typeOf(message)))
			.toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	protected static String typeOf(Message message) {
		return message.messageAttributes().get("eventType").stringValue();
	}

	/** The types of the booking's outbox rows, oldest first. */
	protected List<String> outboxEvents(String bookingId) {
		return this.jdbc.sql("select event_type from outbox_events where aggregate_id = ?::uuid order by id")
			.param(bookingId)
			.query(String.class)
			.list();
	}

	/**
	 * Why the event was ignored, blank if it was applied, null if it was not processed.
	 */
	protected String ignoredBecause(UUID eventId) {
		return this.jdbc.sql("select coalesce(ignored_because, '') from processed_events where event_id = ?")
			.param(eventId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

}
