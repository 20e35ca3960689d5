package io.bookingdemo.ledger.messaging;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.bookingdemo.ledger.postings.PostingService;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.ProcessedEvents;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Receives booking and payment events from the ledger's queue and posts each one once. A
 * message that cannot be applied fails, so that SQS redelivers it with backoff and
 * finally moves it to the dead-letter queue.
 */
@Component
class BookingEventsListener {

	private final ProcessedEvents processedEvents;

	private final PostingService postings;

	private final EventRouter events;

	BookingEventsListener(JsonMapper json, ProcessedEvents processedEvents, PostingService postings) {
		this.processedEvents = processedEvents;
		this.postings = postings;
		this.events = EventRouter.builder(json)
			.on(BookingCreated.TYPE, BookingCreated.VERSION, BookingCreated.class, this::bookingCreated)
			.on(PaymentCaptured.TYPE, PaymentCaptured.VERSION, PaymentCaptured.class, this::paymentCaptured)
			.on(PaymentDeclined.TYPE, PaymentDeclined.VERSION, PaymentDeclined.class, this::paymentDeclined)
			.on(PaymentRefunded.TYPE, PaymentRefunded.VERSION, PaymentRefunded.class, this::paymentRefunded)
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(Message<String> message) {
		this.events.route(message);
	}

	private void bookingCreated(BookingCreated event) {
		this.processedEvents.runOnce(event.eventId(), event.eventType(), () -> this.postings
			.postBookingCreated(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

	private void paymentCaptured(PaymentCaptured event) {
		this.processedEvents.runOnce(event.eventId(), event.eventType(), () -> this.postings
			.postPaymentCaptured(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

	private void paymentDeclined(PaymentDeclined event) {
		this.processedEvents.runOnce(event.eventId(), event.eventType(), () -> this.postings
			.postPaymentDeclined(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

	private void paymentRefunded(PaymentRefunded event) {
		this.processedEvents.runOnce(event.eventId(), event.eventType(), () -> this.postings
			.postPaymentRefunded(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

}
