package io.bookingdemo.ledger.messaging;

/**
 * Thrown for a message the ledger cannot apply, so that SQS redelivers it and its redrive
 * policy finally moves it to the dead-letter queue.
 */
class UnprocessableMessageException extends RuntimeException {

	UnprocessableMessageException(String message) {
		super(message);
	}

}
