package io.bookingdemo.support.testapp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.bookingdemo.support.outbox.OutboxEvent;

/**
 * A made-up event that the test application both publishes and reads.
 *
 * @param eventId the event's unique id
 * @param eventType always {@value #TYPE}
 * @param eventVersion always {@value #VERSION}
 * @param occurredAt when the widget was shipped
 * @param widgetId the widget
 * @param weight the widget's weight in kilograms, with its exact digits
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WidgetShipped(UUID eventId, String eventType, int eventVersion, Instant occurredAt, UUID widgetId,
		BigDecimal weight) implements OutboxEvent {

	/** The event type's wire name. */
	public static final String TYPE = "WidgetShipped";

	/** The contract version. */
	public static final int VERSION = 1;

	public WidgetShipped {
		Objects.requireNonNull(eventId, "eventId is missing");
		Objects.requireNonNull(occurredAt, "occurredAt is missing");
		Objects.requireNonNull(widgetId, "widgetId is missing");
		Objects.requireNonNull(weight, "weight is missing");
	}

	/**
	 * A new event about a widget shipped now.
	 * @param weight the widget's weight
	 * @return the event
	 */
	public static WidgetShipped aWidgetShipped(String weight) {
		return new WidgetShipped(UUID.randomUUID(), TYPE, VERSION, Instant.now(), UUID.randomUUID(),
				new BigDecimal(weight));
	}

	@Override
	public UUID aggregateId() {
		return this.widgetId;
	}

}
