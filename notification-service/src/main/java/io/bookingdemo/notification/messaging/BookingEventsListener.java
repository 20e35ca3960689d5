package io.bookingdemo.notification.messaging;

import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.notification.notifications.Email;
import io.bookingdemo.notification.notifications.NotificationService;
import io.bookingdemo.notification.notifications.NotificationType;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.ProcessedEvents;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads booking and payment events from the service's queue and sends, once per event,
 * the e-mail each one calls for. A message that cannot be handled yet or at all fails, so
 * that SQS delivers it again after a backoff and, after the last delivery the redrive
 * policy allows, moves it to the dead-letter queue.
 */
@Component
class BookingEventsListener {

	private final ProcessedEvents processedEvents;

	private final NotificationService notifications;

	private final EventRouter events;

	BookingEventsListener(JsonMapper json, ProcessedEvents processedEvents, NotificationService notifications) {
		this.processedEvents = processedEvents;
		this.notifications = notifications;
		this.events = EventRouter.builder(json)
			.on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, this::bookingCreated)
			.on(BookingConfirmed.TYPE, BookingConfirmed.VERSION, BookingConfirmed.class, this::bookingConfirmed)
			.on(BookingRejected.TYPE, BookingRejected.VERSION, BookingRejected.class, this::bookingRejected)
			.on(BookingCancelled.TYPE, BookingCancelled.VERSION, BookingCancelled.class, this::bookingCancelled)
			.on(PaymentRefunded.TYPE, PaymentRefunded.VERSION, PaymentRefunded.class, this::paymentRefunded)
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(Message<String> message) {
		this.events.route(message);
	}

	private void bookingCreated(BookingCreated event) {
		send(event.eventId(), BookingCreated.TYPE, event.bookingId(), NotificationType.BOOKING_RECEIVED,
				event.customerEmail(), EmailTemplates.bookingReceived(event));
	}

	private void bookingConfirmed(BookingConfirmed event) {
		send(event.eventId(), BookingConfirmed.TYPE, event.bookingId(), NotificationType.BOOKING_CONFIRMED,
				event.customerEmail(), EmailTemplates.bookingConfirmed(event));
	}

	private void bookingRejected(BookingRejected event) {
		send(event.eventId(), BookingRejected.TYPE, event.bookingId(), NotificationType.BOOKING_REJECTED,
				event.customerEmail(), EmailTemplates.bookingRejected(event));
	}

	private void bookingCancelled(BookingCancelled event) {
		send(event.eventId(), BookingCancelled.TYPE, event.bookingId(), NotificationType.BOOKING_CANCELLED,
				event.customerEmail(), EmailTemplates.bookingCancelled(event));
	}

	// The refund carries no address: it goes where the booking's latest e-mail went.
	private void paymentRefunded(PaymentRefunded event) {
		this.processedEvents.runOnce(event.eventId(), PaymentRefunded.TYPE,
				() -> this.notifications.sendToLatestRecipient(event.eventId(), event.bookingId(),
						NotificationType.REFUND_ISSUED, EmailTemplates.refundIssued(event)));
	}

	private void send(UUID eventId, String eventType, UUID bookingId, NotificationType type, String recipient,
			Email email) {
		this.processedEvents.runOnce(eventId, eventType,
				() -> this.notifications.send(eventId, bookingId, type, recipient, email));
	}

}
