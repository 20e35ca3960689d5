package io.bookingdemo.support.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that leaves a service through the outbox. Implementations are the service's
 * own records, whose JSON form is the event's published contract.
 */
public interface OutboxEvent {

	/**
	 * The event's unique id, which consumers deduplicate by.
	 * @return the id
	 */
	UUID eventId();

	/**
	 * The wire name of the event type, matched by subscription filter policies.
	 * @return the event type, for example {@code OrderPlaced}
	 */
	String eventType();

	/**
	 * The version of the event's contract.
	 * @return the version
	 */
	int eventVersion();

	/**
	 * When the change the event describes happened.
	 * @return the instant
	 */
	Instant occurredAt();

	/**
	 * The aggregate the event is about.
	 * @return the aggregate id
	 */
	UUID aggregateId();

	/**
	 * The key of the events that must reach consumers in the order they were written; in
	 * fifo mode it is the SNS {@code MessageGroupId}. By default the aggregate; an event
	 * about a part of a larger whole (a payment of a booking) names the whole, so that
	 * all its events stay in one order.
	 * @return the group key, at most 128 characters
	 */
	default String messageGroup() {
		return aggregateId().toString();
	}

}
