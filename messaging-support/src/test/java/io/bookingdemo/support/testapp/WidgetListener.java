package io.bookingdemo.support.testapp;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.awspring.cloud.sqs.annotation.SqsListener;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.ProcessedEvents;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads {@link WidgetShipped} from the queue named by {@code messaging.queue} the way a
 * service's listener does: routes it, deduplicates it and applies its effect, which here
 * is to remember the shipment.
 */
@Component
public class WidgetListener {

	private final EventRouter router;

	private final Map<UUID, List<BigDecimal>> shipments = new ConcurrentHashMap<>();

	WidgetListener(JsonMapper json, ProcessedEvents processedEvents) {
		this.router = EventRouter.builder(json, processedEvents)
			.on(WidgetShipped.TYPE, WidgetShipped.VERSION, WidgetShipped.class, WidgetShipped::eventId,
					(event) -> this.shipments
						.computeIfAbsent(event.widgetId(), (widget) -> new CopyOnWriteArrayList<>())
						.add(event.weight()))
			.build();
	}

	@SqsListener("${messaging.queue}")
	void on(Message<String> message) {
		this.router.route(message);
	}

	/**
	 * The weights recorded for a widget, one per shipment applied.
	 * @param widgetId the widget
	 * @return the weights, empty if it was never shipped
	 */
	public List<BigDecimal> shipmentsOf(UUID widgetId) {
		return List.copyOf(this.shipments.getOrDefault(widgetId, List.of()));
	}

}
