package io.bookingdemo.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import io.bookingdemo.infra.topology.AwsClients;
import io.bookingdemo.testsupport.ServiceIntegrationTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.bookingdemo.testsupport.Contracts.aContractEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the notification service with a mail server slower than its queue's visibility
 * timeout, on a queue of its own so that no other test's service reads it: the visibility
 * heartbeat keeps the message hidden while the e-mail is being accepted. The test itself
 * plays a second consumer of the queue meanwhile: an emulator's long poll need not wake
 * when a message becomes visible again, so the service's own second receive alone would
 * not show a lapse of the heartbeat.
 */
class SlowMailServerIntegrationTests extends ServiceIntegrationTests {

	private static final String QUEUE = "notification-slow-mail-test";

	private static final int VISIBILITY_TIMEOUT_SECONDS = 3;

	private static final Duration MAIL_DELAY = Duration.ofSeconds(3 * VISIBILITY_TIMEOUT_SECONDS);

	private static final SqsClient SQS = AwsClients
		.create(Optional.of(INFRASTRUCTURE.emulator().endpoint()), INFRASTRUCTURE.emulator().region())
		.sqs();

	private static final String QUEUE_URL = SQS
		.createQueue((request) -> request.queueName(QUEUE)
			.attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(VISIBILITY_TIMEOUT_SECONDS))))
		.queueUrl();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		useLocalInfrastructure(registry, "notification");
		registry.add("messaging.queue", () -> QUEUE);
		registry.add("notification.mail-delay", MAIL_DELAY::toString);
		registry.add("messaging.listener.heartbeat.interval", () -> "1s");
		registry.add("messaging.listener.heartbeat.extension", () -> VISIBILITY_TIMEOUT_SECONDS + "s");
		registry.add("messaging.metrics.refresh", () -> "200ms");
	}

	@Test
	void keepsAMessageWhoseEmailOutlastsTheVisibilityTimeoutAndSendsOneEmail() {
		String bookingId = UUID.randomUUID().toString();
		String event = JSON.writeValueAsString(aContractEvent("booking-created.v1.json", bookingId));
		String queue = "queue=\"" + QUEUE + "\"";

		SQS.sendMessage((request) -> request.queueUrl(QUEUE_URL)
			.messageBody(event)
			.messageAttributes(Map.of("eventType", attribute("BookingCreated"), "eventVersion", attribute("1"))));

		await().atMost(Duration.ofSeconds(60)).until(() -> inFlight() == 1);
		AtomicInteger receivedBySecondConsumer = new AtomicInteger();
		await().atMost(MAIL_DELAY.plusSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
			receivedBySecondConsumer
				.addAndGet(SQS.receiveMessage((request) -> request.queueUrl(QUEUE_URL)).messages().size());
			return getJson("/notifications?bookingId=" + bookingId).size() == 1;
		});
		assertThat(receivedBySecondConsumer).as("receives by a second consumer while the e-mail was sent").hasValue(0);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> queueIsEmpty() && metric("events_processed_total", queue) > 0);
		// A second receive would count once more, as a duplicate skipped.
		assertThat(metric("events_processed_total", queue)).isEqualTo(1.0);
		assertThat(metric("events_failed_total", queue)).isZero();
		assertThat(getJson("/notifications?bookingId=" + bookingId).size()).isOne();
	}

	private static MessageAttributeValue attribute(String value) {
		return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
	}

	private static int inFlight() {
		return Integer.parseInt(SQS
			.getQueueAttributes((request) -> request.queueUrl(QUEUE_URL)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes()
			.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

	private static boolean queueIsEmpty() {
		Map<QueueAttributeName, String> attributes = SQS
			.getQueueAttributes((request) -> request.queueUrl(QUEUE_URL)
				.attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
			.attributes();
		return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
				&& "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
	}

}
