package io.bookingdemo.payment.payments;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.payment.messaging.BookingCancelled;
import io.bookingdemo.payment.messaging.BookingCreated;
import io.bookingdemo.payment.messaging.PaymentProperties;
import io.bookingdemo.payment.messaging.ProcessedEvents;
import io.bookingdemo.payment.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes the payment each new booking asks for and refunds it when the booking is
 * cancelled, each event at most once, and publishes the outcome through the outbox.
 */
@Service
public class PaymentService {

	private static final Logger logger = LoggerFactory.getLogger(PaymentService.class);

	private final PaymentRepository payments;

	private final ProcessedEvents processedEvents;

	private final Outbox outbox;

	private final PaymentProperties properties;

	private final Clock clock;

	PaymentService(PaymentRepository payments, ProcessedEvents processedEvents, Outbox outbox,
			PaymentProperties properties, Clock clock) {
		this.payments = payments;
		this.processedEvents = processedEvents;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Captures or declines the payment for a new booking, unless this event or another
	 * one already took it.
	 * @param event the event
	 */
	@Transactional
	public void onBookingCreated(BookingCreated event) {
		if (!this.processedEvents.markProcessed(event.eventId(), BookingCreated.TYPE)) {
			logger.debug("Skipping event {}: already processed", event.eventId());
			return;
		}
		if (this.payments.existsByBookingId(event.bookingId())) {
			logger.info("Skipping event {}: booking {} already has its payment", event.eventId(), event.bookingId());
			return;
		}
		Payment payment = this.payments.save(Payment.take(event.bookingId(), event.amount(), event.currency(),
				this.properties.declineAbove(), event.eventId(), this.clock.instant()));
		this.outbox.append((payment.status() == PaymentStatus.CAPTURED) ? PaymentCaptured.of(payment)
				: PaymentDeclined.of(payment));
		logger.info("Payment {} {} {} for booking {}", payment.status(), payment.amount(), payment.currency(),
				payment.bookingId());
	}

	/**
	 * Refunds the captured payment of a cancelled booking, unless this event was already
	 * processed; a payment that is declined or already refunded is left as it is.
	 * @param event the event
	 * @throws PaymentNotFoundException if the booking has no payment (yet), so that the
	 * event is delivered again and, if the payment never appears, ends in the dead-letter
	 * queue for an operator to see
	 */
	@Transactional
	public void onBookingCancelled(BookingCancelled event) {
		if (!this.processedEvents.markProcessed(event.eventId(), BookingCancelled.TYPE)) {
			logger.debug("Skipping event {}: already processed", event.eventId());
			return;
		}
		// A cancellation can overtake its BookingCreated: failing rolls back the
		// processed-event record too, so a later delivery finds the payment and refunds.
		Payment payment = this.payments.findByBookingId(event.bookingId())
			.orElseThrow(() -> new PaymentNotFoundException(event.bookingId()));
		switch (payment.status()) {
			case CAPTURED -> {
				payment.refund(this.clock.instant());
				this.outbox.append(PaymentRefunded.of(payment));
				logger.info("Payment {} REFUNDED {} {} for booking {}", payment.id(), payment.amount(),
						payment.currency(), payment.bookingId());
			}
			case REFUNDED -> logger.info("Ignoring event {}: payment {} of booking {} is already refunded",
					event.eventId(), payment.id(), payment.bookingId());
			case DECLINED -> logger.info("Ignoring event {}: payment {} of booking {} was declined, nothing to refund",
					event.eventId(), payment.id(), payment.bookingId());
		}
	}

}
