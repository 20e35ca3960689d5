package io.bookingdemo.booking.messaging;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.booking.bookings.PaymentOutcomes;
import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads payment outcomes from the service's queue, a batch at a time, and hands each to
 * the bookings once. A message that cannot be handled fails, so that SQS delivers it
 * again after a backoff and, after the last delivery the redrive policy allows, moves it
 * to the dead-letter queue.
 */
@Component
class PaymentEventsListener {

	private final EventRouter events;

	PaymentEventsListener(JsonMapper json, EventConsumer consumer, PaymentOutcomes outcomes) {
		this.events = EventRouter.builder(json, consumer)
			.on(PaymentCaptured.TYPE, PaymentCaptured.VERSION, PaymentCaptured.class, PaymentCaptured::eventId,
					(event) -> outcomes.confirm(event.bookingId(), event.paymentId()))
			.on(PaymentDeclined.TYPE, PaymentDeclined.VERSION, PaymentDeclined.class, PaymentDeclined::eventId,
					(event) -> outcomes.reject(event.bookingId(), event.paymentId(), event.reason()))
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(List<Message<String>> messages) {
		this.events.route(messages);
	}

}
