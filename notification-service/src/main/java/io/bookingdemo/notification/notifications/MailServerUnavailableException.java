package io.bookingdemo.notification.notifications;

/**
 * Thrown when the simulated mail server refuses an e-mail for now, so that the event is
 * delivered again after the listener's backoff and the e-mail sent then.
 */
class MailServerUnavailableException extends RuntimeException {

	MailServerUnavailableException(Notification notification) {
		super("The mail server refused the " + notification.type() + " e-mail of booking " + notification.bookingId()
				+ " for now");
	}

}
