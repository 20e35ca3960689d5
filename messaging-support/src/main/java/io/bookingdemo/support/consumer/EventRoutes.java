package io.bookingdemo.support.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The events a service reads from its queue and what it does with each: declared as a
 * bean, they are routed by the listener that the module registers on
 * {@code messaging.queue}, each event at most once.
 */
public class EventRoutes {

	private final Map<String, EventRouter.Route<?>> routes = new LinkedHashMap<>();

	/**
	 * Routes one version of one event type.
	 * @param <T> the record the service reads the event with
	 * @param eventType the event type's wire name
	 * @param eventVersion the version the record reads
	 * @param payload the record
	 * @param eventId reads the id the event is deduplicated by
	 * @param handler what the service does with the event, at most once per event id, and
	 * whether it had an effect
	 * @return these routes
	 * @throws IllegalStateException if the event type has a route already
	 */
	public final <T> EventRoutes on(String eventType, int eventVersion, Class<T> payload, Function<T, UUID> eventId,
			Function<T, Outcome> handler) {
		add(eventType, new EventRouter.Route<>(eventVersion, payload, eventId, handler));
		return this;
	}

	final void addTo(EventRoutes others) {
		this.routes.forEach(others::add);
	}

	final Map<String, EventRouter.Route<?>> routes() {
		return Map.copyOf(this.routes);
	}

	private void add(String eventType, EventRouter.Route<?> route) {
		if (this.routes.putIfAbsent(eventType, route) != null) {
			throw new IllegalStateException("The event type " + eventType + " has a route already");
		}
	}

}
