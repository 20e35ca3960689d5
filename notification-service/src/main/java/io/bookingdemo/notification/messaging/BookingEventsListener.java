package io.bookingdemo.notification.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.bookingdemo.notification.notifications.NotificationService;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads booking and payment events from the service's queue and hands each to the
 * notifications. A message that cannot be handled yet or at all fails, so that SQS
 * delivers it again after a backoff and, after the last delivery the redrive policy
 * allows, moves it to the dead-letter queue.
 */
@Component
class BookingEventsListener {

	private static final Logger logger = LoggerFactory.getLogger(BookingEventsListener.class);

	private final JsonMapper json;

	private final NotificationService notifications;

	BookingEventsListener(JsonMapper json, NotificationService notifications) {
		this.json = json;
		this.notifications = notifications;
	}

	@SqsListener("${notification.queue}")
	void on(Message<String> message) {
		try {
			dispatch(message.getPayload());
		}
		catch (RuntimeException ex) {
			logger.warn("Message {} failed on receive {}: {}",
					message.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER),
					message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
					ex.toString());
			throw ex;
		}
	}

	private void dispatch(String body) {
		JsonNode event = this.json.readTree(body);
		String type = event.path("eventType").asString("");
		int version = event.path("eventVersion").asInt(0);
		switch (type) {
			case BookingCreated.TYPE ->
				this.notifications.onBookingCreated(read(body, BookingCreated.class, BookingCreated.VERSION, version));
			case BookingConfirmed.TYPE -> this.notifications
				.onBookingConfirmed(read(body, BookingConfirmed.class, BookingConfirmed.VERSION, version));
			case BookingRejected.TYPE -> this.notifications
				.onBookingRejected(read(body, BookingRejected.class, BookingRejected.VERSION, version));
			case BookingCancelled.TYPE -> this.notifications
				.onBookingCancelled(read(body, BookingCancelled.class, BookingCancelled.VERSION, version));
			case PaymentRefunded.TYPE -> this.notifications
				.onPaymentRefunded(read(body, PaymentRefunded.class, PaymentRefunded.VERSION, version));
			default -> throw new UnsupportedEventException("Unsupported event type '" + type + "'");
		}
	}

	// Binds from the text, not the tree, so that decimals keep their exact digits.
	private <T> T read(String body, Class<T> type, int supportedVersion, int version) {
		if (version != supportedVersion) {
			throw new UnsupportedEventException("Unsupported version " + version + " of " + type.getSimpleName()
					+ ", expected " + supportedVersion);
		}
		return this.json.readValue(body, type);
	}

	/**
	 * Thrown for a message this service does not know how to handle.
	 */
	static class UnsupportedEventException extends RuntimeException {

		UnsupportedEventException(String message) {
			super(message);
		}

	}

}
