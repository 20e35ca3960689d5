package io.bookingdemo.ledger.messaging;

import io.bookingdemo.ledger.postings.PostingService;
import io.bookingdemo.support.consumer.EventRoutes;

import org.springframework.stereotype.Component;

/**
 * The booking and payment events the ledger reads from its queue, each posted once. A
 * message that cannot be applied fails, so that SQS redelivers it with backoff and
 * finally moves it to the dead-letter queue.
 */
@Component
class BookingEventRoutes extends EventRoutes {

	BookingEventRoutes(PostingService postings) {
		on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
				(event) -> postings.postBookingCreated(event.eventId(), event.bookingId(), event.amount(),
						event.currency()));
		on(PaymentCaptured.TYPE, PaymentCaptured.VERSION, PaymentCaptured.class, PaymentCaptured::eventId,
				(event) -> postings.postPaymentCaptured(event.eventId(), event.bookingId(), event.amount(),
						event.currency()));
		on(PaymentDeclined.TYPE, PaymentDeclined.VERSION, PaymentDeclined.class, PaymentDeclined::eventId,
				(event) -> postings.postPaymentDeclined(event.eventId(), event.bookingId(), event.amount(),
						event.currency()));
		on(PaymentRefunded.TYPE, PaymentRefunded.VERSION, PaymentRefunded.class, PaymentRefunded::eventId,
				(event) -> postings.postPaymentRefunded(event.eventId(), event.bookingId(), event.amount(),
						event.currency()));
	}

}
