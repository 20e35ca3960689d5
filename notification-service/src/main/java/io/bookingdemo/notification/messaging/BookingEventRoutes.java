package io.bookingdemo.notification.messaging;

import io.bookingdemo.notification.notifications.NotificationService;
import io.bookingdemo.notification.notifications.NotificationType;
import io.bookingdemo.support.consumer.EventRoutes;
import org.springframework.stereotype.Component;

/**
 * The booking and payment events the service reads from its queue, each sending, once per
 * event, the e-mail it calls for. A message that cannot be handled yet or at all fails,
 * so that SQS delivers it again after a backoff and, after the last delivery the redrive
 * policy allows, moves it to the dead-letter queue.
 */
@Component
class BookingEventRoutes extends EventRoutes {

	BookingEventRoutes(NotificationService notifications) {
		on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
				(event) -> notifications.send(event.eventId(), event.bookingId(), NotificationType.BOOKING_RECEIVED,
						event.customerEmail(), EmailTemplates.bookingReceived(event)));
		on(BookingConfirmed.TYPE, BookingConfirmed.VERSION, BookingConfirmed.class, BookingConfirmed::eventId,
				(event) -> notifications.send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CONFIRMED,
						event.customerEmail(), EmailTemplates.bookingConfirmed(event)));
		on(BookingRejected.TYPE, BookingRejected.VERSION, BookingRejected.class, BookingRejected::eventId,
				(event) -> notifications.send(event.eventId(), event.bookingId(), NotificationType.BOOKING_REJECTED,
						event.customerEmail(), EmailTemplates.bookingRejected(event)));
		on(BookingCancelled.TYPE, BookingCancelled.VERSION, BookingCancelled.class, BookingCancelled::eventId,
				(event) -> notifications.send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CANCELLED,
						event.customerEmail(), EmailTemplates.bookingCancelled(event)));
		on(BookingExpired.TYPE, BookingExpired.VERSION, BookingExpired.class, BookingExpired::eventId,
				(event) -> notifications.send(event.eventId(), event.bookingId(), NotificationType.BOOKING_EXPIRED,
						event.customerEmail(), EmailTemplates.bookingExpired(event)));
		// The refund carries no address: it goes where the booking's latest e-mail went.
		on(PaymentRefunded.TYPE, PaymentRefunded.VERSION, PaymentRefunded.class, PaymentRefunded::eventId,
				(event) -> notifications.sendToLatestRecipient(event.eventId(), event.bookingId(),
						NotificationType.REFUND_ISSUED, EmailTemplates.refundIssued(event)));
	}

}
