package io.bookingdemo.booking.bookings;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.ProcessedEvents;
import io.bookingdemo.support.outbox.Outbox;
import io.bookingdemo.support.outbox.OutboxEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Confirms or rejects pending bookings as their payment outcomes arrive. An outcome for a
 * booking that is no longer pending is recorded as ignored, with the reason.
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
	 * @param eventId the payment event's id, already recorded as processed
	 * @param bookingId the booking
	 * @param paymentId the captured payment
	 */
	@Transactional
	public void confirm(UUID eventId, UUID bookingId, UUID paymentId) {
		Instant now = this.clock.instant();
		apply(eventId, "PaymentCaptured", bookingId, (booking) -> booking.confirm(paymentId, now),
				(booking) -> BookingConfirmed.of(booking, now));
	}

	/**
	 * Rejects the booking whose payment was declined.
	 * @param eventId the payment event's id, already recorded as processed
	 * @param bookingId the booking
	 * @param paymentId the declined payment
	 * @param reason why the payment was declined
	 */
	@Transactional
	public void reject(UUID eventId, UUID bookingId, UUID paymentId, String reason) {
		Instant now = this.clock.instant();
		apply(eventId, "PaymentDeclined", bookingId, (booking) -> booking.reject(paymentId, reason, now),
				(booking) -> BookingRejected.of(booking, now));
	}

	private void apply(UUID eventId, String eventType, UUID bookingId, Consumer<Booking> transition,
			Function<Booking, OutboxEvent> outcome) {
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
