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
 * Receives booking events from the ledger's queue and posts each one once. A message that
 * cannot be applied fails, so that SQS redelivers it with backoff and finally moves it to
 * the dead-letter queue.
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
			dispatch(this.json.readTree(message.getPayload()));
		}
		catch (RuntimeException ex) {
			logger.warn("Message {} failed on receive {}: {}", message.getHeaders().getId(),
					message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT),
					ex.toString());
			throw ex;
		}
	}

	private void dispatch(JsonNode event) {
		JsonNode eventType = event.path("eventType");
		if (!eventType.isString()) {
			throw new UnprocessableMessageException("The message is not an event with an eventType");
		}
		switch (eventType.stringValue()) {
			case BookingCreated.TYPE -> bookingCreated(this.json.treeToValue(event, BookingCreated.class));
			default ->
				throw new UnprocessableMessageException("Unsupported event type '" + eventType.stringValue() + "'");
		}
	}

	private void bookingCreated(BookingCreated event) {
		this.processedEvents.runOnce(event.eventId(), event.eventType(), () -> this.postings
			.postBookingCreated(event.eventId(), event.bookingId(), event.amount(), event.currency()));
	}

}
