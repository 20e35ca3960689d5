package io.bookingdemo.notification.notifications;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.notification.messaging.BookingCancelled;
import io.bookingdemo.notification.messaging.BookingConfirmed;
import io.bookingdemo.notification.messaging.BookingCreated;
import io.bookingdemo.notification.messaging.BookingRejected;
import io.bookingdemo.notification.messaging.PaymentRefunded;
import io.bookingdemo.notification.messaging.ProcessedEvents;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns booking and payment events into the notifications they call for, each event at
 * most once.
 */
@Service
public class NotificationService {

	private static final Logger logger = LoggerFactory.getLogger(NotificationService.class);

	private final NotificationRepository notifications;

	private final ProcessedEvents processedEvents;

	private final Clock clock;

	NotificationService(NotificationRepository notifications, ProcessedEvents processedEvents, Clock clock) {
		this.notifications = notifications;
		this.processedEvents = processedEvents;
		this.clock = clock;
	}

	/**
	 * Records the e-mail telling the customer that their booking was received, unless
	 * this event or another one already did so for the booking.
	 * @param event the event
	 */
	@Transactional
	public void onBookingCreated(BookingCreated event) {
		notifyOnce(event.eventId(), BookingCreated.TYPE, event.bookingId(), NotificationType.BOOKING_RECEIVED,
				event.customerEmail(), EmailTemplates.bookingReceived(event));
	}

	/**
	 * Records the e-mail telling the customer that their booking is confirmed, unless
	 * this event or another one already did so for the booking.
	 * @param event the event
	 */
	@Transactional
	public void onBookingConfirmed(BookingConfirmed event) {
		notifyOnce(event.eventId(), BookingConfirmed.TYPE, event.bookingId(), NotificationType.BOOKING_CONFIRMED,
				event.customerEmail(), EmailTemplates.bookingConfirmed(event));
	}

	/**
	 * Records the e-mail telling the customer why their booking was rejected, unless this
	 * event or another one already did so for the booking.
	 * @param event the event
	 */
	@Transactional
	public void onBookingRejected(BookingRejected event) {
		notifyOnce(event.eventId(), BookingRejected.TYPE, event.bookingId(), NotificationType.BOOKING_REJECTED,
				event.customerEmail(), EmailTemplates.bookingRejected(event));
	}

	/**
	 * Records the e-mail telling the customer that their booking is cancelled, unless
	 * this event or another one already did so for the booking.
	 * @param event the event
	 */
	@Transactional
	public void onBookingCancelled(BookingCancelled event) {
		notifyOnce(event.eventId(), BookingCancelled.TYPE, event.bookingId(), NotificationType.BOOKING_CANCELLED,
				event.customerEmail(), EmailTemplates.bookingCancelled(event));
	}

	/**
	 * Records the e-mail telling the customer that their payment was refunded, unless
	 * this event or another one already did so for the booking. The event carries no
	 * address, so the e-mail goes where the booking's latest notification went.
	 * @param event the event
	 * @throws UnknownBookingException if no notification about the booking was recorded
	 * yet, so that the event is delivered again until its booking's events have arrived
	 */
	@Transactional
	public void onPaymentRefunded(PaymentRefunded event) {
		String recipient = this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(event.bookingId())
			.map(Notification::recipient)
			.orElseThrow(() -> new UnknownBookingException(event.bookingId()));
		notifyOnce(event.eventId(), PaymentRefunded.TYPE, event.bookingId(), NotificationType.REFUND_ISSUED, recipient,
				EmailTemplates.refundIssued(event));
	}

	private void notifyOnce(UUID eventId, String eventType, UUID bookingId, NotificationType type, String recipient,
			Email email) {
		if (!this.processedEvents.markProcessed(eventId, eventType)) {
			logger.debug("Skipping event {}: already processed", eventId);
			return;
		}
		if (this.notifications.existsByBookingIdAndType(bookingId, type)) {
			logger.info("Skipping event {}: booking {} was already notified of {}", eventId, bookingId, type);
			return;
		}
		Notification notification = this.notifications
			.save(new Notification(bookingId, type, Channel.EMAIL, recipient, email, eventId, this.clock.instant()));
		logAfterCommit(notification);
	}

	// The e-mail counts as sent only once its record is committed.
	private static void logAfterCommit(Notification notification) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				logger.info("e-mail {} to {} for booking {}", notification.type(), notification.recipient(),
						notification.bookingId());
			}

		});
	}

}
