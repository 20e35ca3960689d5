package io.bookingdemo.notification.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class MailServerTests {

	@Test
	void refusesAnEMailOnlyTheFirstTimeItIsOffered() {
		MailServer server = new MailServer(new NotificationProperties(Duration.ZERO, 0.5), () -> 0.25);
		Notification notification = aNotification();

		assertThatExceptionOfType(MailServerUnavailableException.class).isThrownBy(() -> server.accept(notification))
			.withMessageContaining(notification.bookingId().toString());
		assertThatNoException().isThrownBy(() -> server.accept(notification));
	}

	@Test
	void acceptsAnEMailWhoseDrawIsAboveTheRate() {
		MailServer server = new MailServer(new NotificationProperties(Duration.ZERO, 0.5), () -> 0.75);

		assertThatNoException().isThrownBy(() -> server.accept(aNotification()));
	}

	@Test
	void refusesNothingByDefault() {
		MailServer server = new MailServer(new NotificationProperties(Duration.ZERO, 0), () -> 0.0);

		assertThatNoException().isThrownBy(() -> server.accept(aNotification()));
	}

	private static Notification aNotification() {
		return new Notification(UUID.randomUUID(), NotificationType.BOOKING_RECEIVED, Channel.EMAIL, "ada@example.com",
				new Email("We received your booking for room-101", "Resource:  room-101"), UUID.randomUUID(),
				Instant.parse("2027-02-02T14:00:02Z"));
	}

}
