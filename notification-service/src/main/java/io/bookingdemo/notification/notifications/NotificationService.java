package io.bookingdemo.notification.notifications;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.notification.messaging.BookingCreated;
import io.bookingdemo.notification.messaging.ProcessedEvents;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns booking events into the notifications they call for, each event at most once.
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
		if (!this.processedEvents.markProcessed(event.eventId(), BookingCreated.TYPE)) {
			logger.debug("Skipping event {}: already processed", event.eventId());
			return;
		}
		if (this.notifications.existsByBookingIdAndType(event.bookingId(), NotificationType.BOOKING_RECEIVED)) {
			logger.info("Skipping event {}: booking {} was already notified of {}", event.eventId(), event.bookingId(),
					NotificationType.BOOKING_RECEIVED);
			return;
		}
		Notification notification = this.notifications.save(new Notification(event.bookingId(),
				NotificationType.BOOKING_RECEIVED, Channel.EMAIL, event.customerEmail(),
				EmailTemplates.bookingReceived(event), event.eventId(), this.clock.instant()));
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
