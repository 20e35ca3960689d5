package io.bookingdemo.booking.messaging;

import io.bookingdemo.booking.bookings.PaymentOutcomes;
import io.bookingdemo.support.consumer.EventRoutes;
import org.springframework.stereotype.Component;

/**
 * The payment outcomes the service reads from its queue, each handed to the bookings
 * once. A message that cannot be handled fails, so that SQS delivers it again after a
 * backoff and, after the last delivery the redrive policy allows, moves it to the
 * dead-letter queue.
 */
@Component
class PaymentEventRoutes extends EventRoutes {

	PaymentEventRoutes(PaymentOutcomes outcomes) {
		on(PaymentCaptured.TYPE, PaymentCaptured.VERSION, PaymentCaptured.class, PaymentCaptured::eventId,
				(event) -> outcomes.confirm(event.bookingId(), event.paymentId()));
		on(PaymentDeclined.TYPE, PaymentDeclined.VERSION, PaymentDeclined.class, PaymentDeclined::eventId,
				(event) -> outcomes.reject(event.bookingId(), event.paymentId(), event.reason()));
	}

}
