package io.bookingdemo.ledger.messaging;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.ledger.postings.PostingService;
import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Receives booking and payment events from the ledger's queue, a batch at a time, and
 * posts each one once. A message that cannot be applied fails, so that SQS redelivers it
 * with backoff and finally moves it to the dead-letter queue.
 */
@Component
class BookingEventsListener {

	private final EventRouter events;

	BookingEventsListener(JsonMapper json, EventConsumer consumer, PostingService postings) {
		this.events = EventRouter.builder(json, consumer)
			.on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
					(event) -> postings.postBookingCreated(event.eventId(), event.bookingId(), event.amount(),
							event.currency()))
			.on(PaymentCaptured.TYPE, PaymentCaptured.VERSION, PaymentCaptured.class, PaymentCaptured::eventId,
					(event) -> postings.postPaymentCaptured(event.eventId(), event.bookingId(), event.amount(),
							event.currency()))
			.on(PaymentDeclined.TYPE, PaymentDeclined.VERSION, PaymentDeclined.class, PaymentDeclined::eventId,
					(event) -> postings.postPaymentDeclined(event.eventId(), event.bookingId(), event.amount(),
							event.currency()))
			.on(PaymentRefunded.TYPE, PaymentRefunded.VERSION, PaymentRefunded.class, PaymentRefunded::eventId,
					(event) -> postings.postPaymentRefunded(event.eventId(), event.bookingId(), event.amount(),
							event.currency()))
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(List<Message<String>> messages) {
		this.events.route(messages);
	}

}
