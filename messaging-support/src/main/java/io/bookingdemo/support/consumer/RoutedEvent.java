package io.bookingdemo.support.consumer;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * A message read by the {@link EventRouter}: its event's id and type, and its handler
 * bound to the event, ready to apply.
 */
public final class RoutedEvent {

	private final Message<String> message;

	private final UUID eventId;

	private final String eventType;

	private final @Nullable Instant occurredAt;

	private final Supplier<Outcome> handler;

	RoutedEvent(Message<String> message, UUID eventId, String eventType, @Nullable Instant occurredAt,
			Supplier<Outcome> handler) {
		this.message = message;
		this.eventId = eventId;
		this.eventType = eventType;
		this.occurredAt = occurredAt;
		this.handler = handler;
	}

	/**
	 * The message the event came in.
	 * @return the message
	 */
	public Message<String> message() {
		return this.message;
	}

	/**
	 * The id the event is deduplicated by.
	 * @return the event's id
	 */
	public UUID eventId() {
		return this.eventId;
	}

	/**
	 * The event type's wire name.
	 * @return the type
	 */
	public String eventType() {
		return this.eventType;
	}

	/**
	 * When the event occurred, as its {@code occurredAt} says.
	 * @return the time, or {@code null} if the event has none
	 */
	public @Nullable Instant occurredAt() {
		return this.occurredAt;
	}

	/**
	 * Runs the event's handler.
	 * @return what the handler did
	 */
	public Outcome apply() {
		return Objects.requireNonNull(this.handler.get(), "The handler of " + this.eventType + " returned no outcome");
	}

}
