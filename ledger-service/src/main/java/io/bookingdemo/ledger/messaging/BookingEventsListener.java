package io.bookingdemo.ledger.messaging;

import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.bookingdemo.ledger.postings.PostingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
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

	private static final Logger logger = LoggerFactory.getLogger(BookingEventsListener.class);

	private final JsonMapper json;

	private final ProcessedEvents processedEvents;

	private final PostingService postings;

	BookingEventsListener(JsonMapper json, ProcessedEvents processedEvents, PostingService postings) {
		this.json = json;
		this.processedEvents = processedEvents;
		this.postings = postings;
	}

	@SqsListener("${ledger.queue}")
	void on(Message<String> message) {
		try {
			dispatch(message.getPayload());
		}
		catch (RuntimeException ex) {
			logger.warn("Message {} failed on receive {}: {}", message.getHeaders().getId(),
					message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
					ex.toString());
			throw ex;
		}
	}

	private void dispatch(String body) {
		JsonNode eventType = this.json.readTree(body).path("eventType");
		if (!eventType.isString()) {
			throw new UnprocessableMessageException("The message is not an event with an eventType");
		}
		switch (eventType.stringValue()) {
			case BookingCreated.TYPE -> bookingCreated(read(body, BookingCreated.class));
			case PaymentCaptured.TYPE -> paymentCaptured(read(body, PaymentCaptured.class));
			case PaymentDeclined.TYPE -> paymentDeclined(read(body, PaymentDeclined.class));
			case PaymentRefunded.TYPE -> paymentRefunded(read(body, PaymentRefunded.class));
			default ->
				throw new UnprocessableMessageException("Unsupported event type '" + eventType.stringValue() + "'");
		}
	}

	// Binds from the text, not the tree, so that decimals keep their exact digits; each
	// record refuses an eventVersion it does not read.
	private <T> T read(String body, Class<T> type) {
		return this.json.readValue(body, type);
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
