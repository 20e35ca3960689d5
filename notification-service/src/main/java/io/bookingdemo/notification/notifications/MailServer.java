package io.bookingdemo.notification.notifications;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * The simulated mail server: it takes {@code notification.mail-delay} to accept an
 * e-mail, as a slow real one would. The e-mail itself is the notification's record.
 */
@Component
class MailServer {

	private final Duration delay;

	MailServer(NotificationProperties properties) {
		this.delay = properties.mailDelay();
	}

	void accept(Notification notification) {
		if (this.delay.isZero()) {
			return;
		}
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the mail server accepted " + notification.type(), ex);
		}
	}

}
