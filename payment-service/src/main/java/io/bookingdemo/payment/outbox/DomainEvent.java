package io.bookingdemo.payment.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * An event this service publishes through the outbox; implementations are records whose
 * JSON form is the event's contract document.
 */
public interface DomainEvent {

	UUID eventId();

	/**
	 * The wire name of the event, which subscription filter policies match on.
	 * @return the event type, for example {@code PaymentCaptured}
	 */
	String eventType();

	int eventVersion();

	Instant occurredAt();

	/**
	 * The aggregate the event is about, kept beside the payload to find an aggregate's
	 * events in the outbox.
	 * @return the aggregate id
	 */
	UUID aggregateId();

}
