package io.bookingdemo.notification.notifications;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.Outcome;
import io.bookingdemo.support.logging.LogText;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends customers the e-mails their bookings' events call for, each kind at most once per
 * booking.
 */
@Service
public class NotificationService {

	private static final Logger logger = LoggerFactory.getLogger(NotificationService.class);

	private final NotificationRepository notifications;

	private final MailServer mailServer;

	private final Clock clock;

	NotificationService(NotificationRepository notifications, MailServer mailServer, Clock clock) {
		this.notifications = notifications;
		this.mailServer = mailServer;
		this.clock = clock;
	}

	/**
	 * Records an e-mail, unless the booking was already sent one of this kind.
	 * @param eventId the event that calls for the e-mail
	 * @param bookingId the booking
	 * @param type the kind of e-mail
	 * @param recipient the customer's address
	 * @param email the rendered e-mail
	 * @return applied, or ignored if the booking was already sent this kind of e-mail
	 */
	@Transactional
	public Outcome send(UUID eventId, UUID bookingId, NotificationType type, String recipient, Email email) {
		if (this.notifications.existsByBookingIdAndType(bookingId, type)) {
			return Outcome.ignored("booking " + bookingId + " was already sent its " + type + " e-mail");
		}
		Notification notification = new Notification(bookingId, type, Channel.EMAIL, recipient, email, eventId,
				this.clock.instant());
		this.mailServer.accept(notification);
		logAfterCommit(this.notifications.save(notification));
		return Outcome.applied();
	}

	/**
	 * Records an e-mail to where the booking's latest e-mail went, for events that carry
	 * no address, unless the booking was already sent one of this kind.
	 * @param eventId the event that calls for the e-mail
	 * @param bookingId the booking
	 * @param type the kind of e-mail
	 * @param email the rendered e-mail
	 * @return applied, or ignored if the booking was already sent this kind of e-mail
	 * @throws UnknownBookingException if no e-mail about the booking was recorded yet, so
	 * that the event is delivered again until its booking's events have arrived
	 */
	@Transactional
	public Outcome sendToLatestRecipient(UUID eventId, UUID bookingId, NotificationType type, Email email) {
		String recipient = this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(bookingId)
			.map(Notification::recipient)
			.orElseThrow(() -> new UnknownBookingException(bookingId));
		return send(eventId, bookingId, type, recipient, email);
	}

	// The e-mail counts as sent only once its record is committed.
	private static void logAfterCommit(Notification notification) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				logger.info("e-mail {} to {} for booking {}", notification.type(),
						LogText.escape(notification.recipient()), notification.bookingId());
			}

		});
	}

}
