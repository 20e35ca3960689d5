package io.bookingdemo.payment.messaging;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.payment.payments.PaymentService;
import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads booking events from the service's queue, a batch at a time, and hands each to the
 * payments once. A message that cannot be handled fails, so that SQS delivers it again
 * after a backoff and, after the last delivery the redrive policy allows, moves it to the
 * dead-letter queue.
 */
@Component
class BookingEventsListener {

	private final EventRouter events;

	BookingEventsListener(JsonMapper json, EventConsumer consumer, PaymentService payments) {
		this.events = EventRouter.builder(json, consumer)
			.on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
					(event) -> payments.take(event.eventId(), event.bookingId(), event.amount(), event.currency()))
			.on(BookingCancelled.TYPE, BookingCancelled.VERSION, BookingCancelled.class, BookingCancelled::eventId,
					(event) -> payments.refund(event.bookingId()))
			.on(BookingExpired.TYPE, BookingExpired.VERSION, BookingExpired.class, BookingExpired::eventId,
					(event) -> payments.expire(event.eventId(), event.bookingId(), event.amount(), event.currency()))
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(List<Message<String>> messages) {
		this.events.route(messages);
	}

}
