package io.bookingdemo.payment.payments;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.payment.messaging.BookingCreated;
import io.bookingdemo.payment.messaging.PaymentProperties;
import io.bookingdemo.payment.messaging.ProcessedEvents;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes the payment each new booking asks for, each event at most once.
 */
@Service
public class PaymentService {

	private static final Logger logger = LoggerFactory.getLogger(PaymentService.class);

	private final PaymentRepository payments;

	private final ProcessedEvents processedEvents;

	private final PaymentProperties properties;

	private final Clock clock;

	PaymentService(PaymentRepository payments, ProcessedEvents processedEvents, PaymentProperties properties,
			Clock clock) {
		this.payments = payments;
		this.processedEvents = processedEvents;
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
		logger.info("Payment {} {} {} for booking {}", payment.status(), payment.amount(), payment.currency(),
				payment.bookingId());
	}

}
