package io.bookingdemo.payment.messaging;

import io.bookingdemo.payment.payments.PaymentService;
import io.bookingdemo.support.consumer.EventRoutes;
import org.springframework.stereotype.Component;

/**
 * The booking events the service reads from its queue, each handed to the payments once.
 * A message that cannot be handled fails, so that SQS delivers it again after a backoff
 * and, after the last delivery the redrive policy allows, moves it to the dead-letter
 * queue.
 */
@Component
class BookingEventRoutes extends EventRoutes {

	BookingEventRoutes(PaymentService payments) {
		on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
				(event) -> payments.take(event.eventId(), event.bookingId(), event.amount(), event.currency()));
		on(BookingCancelled.TYPE, BookingCancelled.VERSION, BookingCancelled.class, BookingCancelled::eventId,
				(event) -> payments.refund(event.bookingId()));
		on(BookingExpired.TYPE, BookingExpired.VERSION, BookingExpired.class, BookingExpired::eventId,
				(event) -> payments.expire(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

}
