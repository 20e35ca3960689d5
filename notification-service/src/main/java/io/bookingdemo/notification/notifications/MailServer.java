package io.bookingdemo.notification.notifications;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoubleSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The simulated mail server: it takes {@code notification.mail-delay} to accept an
 * e-mail, as a slow real one would, and refuses a share
 * ({@code notification.mail-refusal-rate}) of the e-mails the first time they are
 * offered, as a flaky one would. The e-mail itself is the notification's record.
 */
@Component
class MailServer {

	// Enough to remember every e-mail refused during a demo run, bounded all the same.
	private static final int REMEMBERED_REFUSALS = 100_000;

	private final Duration delay;

	private final double refusalRate;

	private final DoubleSupplier random;

	private final Set<UUID> refused = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
			return size() > REMEMBERED_REFUSALS;
		}

	}));

	@Autowired
	MailServer(NotificationProperties properties) {
		this(properties, Math::random);
	}

	MailServer(NotificationProperties properties, DoubleSupplier random) {
		this.delay = properties.mailDelay();
		this.refusalRate = properties.mailRefusalRate();
		this.random = random;
	}

	void accept(Notification notification) {
		if (this.refusalRate > 0 && this.random.getAsDouble() < this.refusalRate
				&& this.refused.add(notification.eventId())) {
			throw new MailServerUnavailableException(notification);
		}
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
