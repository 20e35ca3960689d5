package io.bookingdemo.notification.notifications;

import java.util.Objects;

/**
 * The rendered text of an e-mail.
 *
 * @param subject the subject line
 * @param body the plain-text body
 */
public record Email(String subject, String body) {

	public Email {
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(body, "body");
	}

}
