package io.bookingdemo.notification.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification as the API shows it.
 */
record NotificationResponse(UUID id, UUID bookingId, String type, String channel, String recipient, String subject,
		String body, UUID eventId, Instant createdAt) {

	static NotificationResponse of(Notification notification) {
		return new NotificationResponse(notification.id(), notification.bookingId(), notification.type().name(),
				notification.channel().name(), notification.recipient(), notification.subject(), notification.body(),
				notification.eventId(), notification.createdAt());
	}

}
