package io.bookingdemo.booking.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event that leaves the service through the outbox. Implementations are records whose
 * JSON form is the event's published contract.
 */
public interface DomainEvent {

	UUID eventId();

	/**
	 * The wire name of the event type, matched by subscription filter policies.
	 * @return the event type, for example {@code BookingCreated}
	 */
	String eventType();

	int eventVersion();

	Instant occurredAt();

	/**
	 * The aggregate the event is about.
	 * @return the aggregate id
	 */
	UUID aggregateId();

}
