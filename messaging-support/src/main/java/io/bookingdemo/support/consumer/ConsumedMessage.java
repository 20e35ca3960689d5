package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * What became of one message of a batch the {@link EventConsumer} processed, as its
 * {@link EventObserver}s see it.
 *
 * @param message the message as received
 * @param eventType the event's type; of a message that could not be read, its
 * {@code eventType} attribute as sent, unchecked, if any
 * @param eventId the event's id; of a message that could not be read, its {@code eventId}
 * attribute as sent, unchecked, if any
 * @param occurredAt when the event occurred, if it says
 * @param status what became of it
 * @param failure why it failed, if it did
 * @param processingTime the time from the start of the batch to the end of this message
 */
public record ConsumedMessage(Message<String> message, @Nullable String eventType, @Nullable String eventId,
		@Nullable Instant occurredAt, Status status, @Nullable Throwable failure, Duration processingTime) {

	/**
	 * What became of a message.
	 */
	public enum Status {

		/** Its event had its effect; the message is acknowledged. */
		APPLIED,

		/** Its event was ignored, for a reason recorded; the message is acknowledged. */
		IGNORED,

		/** Its event was processed before; the message is acknowledged. */
		DUPLICATE,

		/**
		 * It failed, or waits behind a failed message of its group; it is delivered
		 * again.
		 */
		FAILED

	}

	/**
	 * Whether the message was acknowledged.
	 * @return {@code true} unless it failed
	 */
	public boolean succeeded() {
		return this.status != Status.FAILED;
	}

}
