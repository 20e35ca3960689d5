package io.bookingdemo.payment.messaging;

import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.payment.payments.PaymentService;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.ProcessedEvents;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads booking events from the service's queue and hands each to the payments once. A
 * message that cannot be handled fails, so that SQS delivers it again after a backoff
 * and, after the last delivery the redrive policy allows, moves it to the dead-letter
 * queue.
 */
@Component
class BookingEventsListener {

	private final EventRouter events;

	BookingEventsListener(JsonMapper json, ProcessedEvents processedEvents, PaymentService payments) {
		this.events = EventRouter.builder(json, processedEvents)
			.on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, BookingCreated::eventId,
					(event) -> payments.take(event.eventId(), event.bookingId(), event.amount(), event.currency()))
			.on(BookingCancelled.TYPE, BookingCancelled.VERSION, BookingCancelled.class, BookingCancelled::eventId,
					(event) -> payments.refund(event.eventId(), event.bookingId()))
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(Message<String> message) {
		this.events.route(message);
	}

}
