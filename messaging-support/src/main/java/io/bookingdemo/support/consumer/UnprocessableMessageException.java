package io.bookingdemo.support.consumer;

/**
 * Thrown for a message a service cannot handle: not an event, an event type or version it
 * does not read, or a payload its record refuses. The listener lets it propagate, so that
 * SQS delivers the message again after a backoff and, after the receives the redrive
 * policy allows, moves it to the dead-letter queue.
 */
public class UnprocessableMessageException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what is wrong with the message
	 */
	public UnprocessableMessageException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what is wrong with the message
	 * @param cause why it could not be read
	 */
	public UnprocessableMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
