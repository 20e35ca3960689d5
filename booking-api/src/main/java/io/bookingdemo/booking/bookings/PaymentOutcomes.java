package io.bookingdemo.booking.bookings;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.booking.messaging.PaymentCaptured;
import io.bookingdemo.booking.messaging.PaymentDeclined;
import io.bookingdemo.booking.messaging.ProcessedEvents;
import io.bookingdemo.booking.outbox.DomainEvent;
import io.bookingdemo.booking.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Confirms or rejects pending bookings as their payment outcomes arrive, each event at
 * most once. An outcome for a booking that is no longer pending is recorded and ignored.
 */
@Service
public class PaymentOutcomes {

	private static final Logger logger = LoggerFactory.getLogger(PaymentOutcomes.class);

	private final BookingRepository bookings;

	private final ProcessedEvents processedEvents;

	private final Outbox outbox;

	private final Clock clock;

	PaymentOutcomes(BookingRepository bookings, ProcessedEvents processedEvents, Outbox outbox, Clock clock) {
		this.bookings = bookings;
		this.processedEvents = processedEvents;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Confirms the booking whose payment was captured.
	 * @param event the event
	 */
	@Transactional
	public void onPaymentCaptured(PaymentCaptured event) {
		apply(event.eventId(), PaymentCaptured.TYPE, event.bookingId(), (booking) -> booking.confirm(event.paymentId()),
				(booking) -> BookingConfirmed.of(booking, this.clock.instant()));
	}

	/**
	 * Rejects the booking whose payment was declined.
	 * @param event the event
	 */
	@Transactional
	public void onPaymentDeclined(PaymentDeclined event) {
		apply(event.eventId(), PaymentDeclined.TYPE, event.bookingId(),
				(booking) -> booking.reject(event.paymentId(), event.reason()),
				(booking) -> BookingRejected.of(booking, this.clock.instant()));
	}

	private void apply(UUID eventId, String eventType, UUID bookingId, Consumer<Booking> transition,
			Function<Booking, DomainEvent> outcome) {
		if (!this.processedEvents.markProcessed(eventId, eventType)) {
			logger.debug("Skipping event {}: already processed", eventId);
			return;
		}
		Booking booking = this.bookings.findById(bookingId).orElseThrow(() -> new BookingNotFoundException(bookingId));
		try {
			transition.accept(booking);
		}
		catch (BookingStateException ex) {
			logger.info("Ignoring {} {}: {}", eventType, eventId, ex.getBody().getDetail());
			this.processedEvents.markIgnored(eventId, ex.getBody().getDetail());
			return;
		}
		this.outbox.append(outcome.apply(booking));
		logger.info("Booking {} is {} after {} {}", bookingId, booking.status(), eventType, eventId);
	}

}
