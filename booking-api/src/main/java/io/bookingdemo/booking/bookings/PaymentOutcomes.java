package io.bookingdemo.booking.bookings;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.Outcome;
import io.bookingdemo.support.outbox.Outbox;
import io.bookingdemo.support.outbox.OutboxEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Confirms or rejects pending bookings as their payment outcomes arrive. An outcome for a
 * booking that is no longer pending is ignored, and says why.
 */
@Service
public class PaymentOutcomes {

	private static final Logger logger = LoggerFactory.getLogger(PaymentOutcomes.class);

	private final BookingRepository bookings;

	private final Outbox outbox;

	private final Clock clock;

	PaymentOutcomes(BookingRepository bookings, Outbox outbox, Clock clock) {
		this.bookings = bookings;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Confirms the booking whose payment was captured.
	 * @param bookingId the booking
	 * @param paymentId the captured payment
	 * @return applied, or ignored if the booking is no longer pending
	 */
	@Transactional
	public Outcome confirm(UUID bookingId, UUID paymentId) {
		Instant now = this.clock.instant();
		return apply("PaymentCaptured", bookingId, (booking) -> booking.confirm(paymentId, now),
				(booking) -> BookingConfirmed.of(booking, now));
	}

	/**
	 * Rejects the booking whose payment was declined.
	 * @param bookingId the booking
	 * @param paymentId the declined payment
	 * @param reason why the payment was declined
	 * @return applied, or ignored if the booking is no longer pending
	 */
	@Transactional
	public Outcome reject(UUID bookingId, UUID paymentId, String reason) {
		Instant now = this.clock.instant();
		return apply("PaymentDeclined", bookingId, (booking) -> booking.reject(paymentId, reason, now),
				(booking) -> BookingRejected.of(booking, now));
	}

	private Outcome apply(String eventType, UUID bookingId, Consumer<Booking> transition,
			Function<Booking, OutboxEvent> outcome) {
		Booking booking = this.bookings.findById(bookingId).orElseThrow(() -> new BookingNotFoundException(bookingId));
		try {
			transition.accept(booking);
		}
		catch (BookingStateException ex) {
			return Outcome.ignored(ex.getBody().getDetail());
		}
		this.outbox.append(outcome.apply(booking));
		logger.info("Booking {} is {} after {}", bookingId, booking.status(), eventType);
		return Outcome.applied();
	}

}
