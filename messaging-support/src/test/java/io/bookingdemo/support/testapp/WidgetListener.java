package io.bookingdemo.support.testapp;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.awspring.cloud.sqs.annotation.SqsListener;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.EventRoutes;
import io.bookingdemo.support.consumer.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads {@link WidgetShipped} from the queue named by {@code messaging.queue}, as a
 * service does, through the listener the module registers for its routes, and from the
 * FIFO queue named by {@code widgets.fifo-queue} through a listener of its own: routes
 * each batch, deduplicates it and applies each event's effect, which here is a row in
 * {@code widget_shipments}. Some weights make the effect misbehave, for the tests: a
 * weight of zero is ignored, {@value #FLAKY} fails the first {@value #FLAKY_FAILURES}
 * times it is applied, after writing its row, and {@value #SLOW} waits until
 * {@link #release()}.
 */
@Component
public class WidgetListener extends EventRoutes {

	/** The weight whose effect fails the first times it is applied. */
	public static final String FLAKY = "13.13";

	/** The times the effect of a {@value #FLAKY} weight fails. */
	public static final int FLAKY_FAILURES = 2;

	/** The weight whose effect waits until the tests release it. */
	public static final String SLOW = "7.77";

	private final EventRouter ordered;

	private final JdbcClient jdbc;

	private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private volatile CountDownLatch entered = new CountDownLatch(1);

	private volatile CountDownLatch released = new CountDownLatch(1);

	WidgetListener(JsonMapper json, EventConsumer consumer, JdbcClient jdbc) {
		this.jdbc = jdbc;
		on(WidgetShipped.TYPE, WidgetShipped.VERSION, WidgetShipped.class, WidgetShipped::eventId, this::ship);
		this.ordered = EventRouter.of(json, consumer, List.of(this));
	}

	@SqsListener(value = "${widgets.fifo-queue}", id = "ordered-widgets")
	void onOrdered(List<Message<String>> messages) {
		this.ordered.route(messages);
	}

	private Outcome ship(WidgetShipped event) {
		if (event.weight().signum() == 0) {
			return Outcome.ignored("widget " + event.widgetId() + " weighs nothing");
		}
		this.jdbc.sql("insert into widget_shipments (event_id, widget_id, weight) values (?, ?, ?)")
			.params(event.eventId(), event.widgetId(), event.weight())
			.update();
		if (event.weight().compareTo(new BigDecimal(FLAKY)) == 0
				&& this.attempts.computeIfAbsent(event.eventId(), (id) -> new AtomicInteger())
					.incrementAndGet() <= FLAKY_FAILURES) {
			throw new IllegalStateException("Widget " + event.widgetId() + " is flaky");
		}
		if (event.weight().compareTo(new BigDecimal(SLOW)) == 0) {
			this.entered.countDown();
			awaitRelease();
		}
		return Outcome.applied();
	}

	private void awaitRelease() {
		try {
			if (!this.released.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the release", ex);
		}
	}

	/**
	 * The weights recorded for a widget, one per shipment applied, in the order applied.
	 * @param widgetId the widget
	 * @return the weights, empty if it was never shipped
	 */
	public List<BigDecimal> shipmentsOf(UUID widgetId) {
		return this.jdbc.sql("select weight from widget_shipments where widget_id = ? order by id")
			.param(widgetId)
			.query(BigDecimal.class)
			.list();
	}

	/**
	 * The events applied for a widget, in the order applied.
	 * @param widgetId the widget
	 * @return the events' ids
	 */
	public List<UUID> eventsOf(UUID widgetId) {
		return this.jdbc.sql("select event_id from widget_shipments where widget_id = ? order by id")
			.param(widgetId)
			.query(UUID.class)
			.list();
	}

	/**
	 * Waits until the effect of a {@value #SLOW} weight has started.
	 * @param timeout the longest wait
	 * @return {@code true} if it started
	 * @throws InterruptedException if the wait is interrupted
	 */
	public boolean awaitSlowEffect(Duration timeout) throws InterruptedException {
		return this.entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Lets the effects of {@value #SLOW} weights end, and makes the next ones wait again.
	 */
	public void release() {
		CountDownLatch release = this.released;
		this.entered = new CountDownLatch(1);
		this.released = new CountDownLatch(1);
		release.countDown();
	}

}
