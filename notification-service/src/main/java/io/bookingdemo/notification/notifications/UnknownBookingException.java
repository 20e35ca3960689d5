package io.bookingdemo.notification.notifications;

import java.util.UUID;

/**
 * Thrown for an event about a booking this service has not heard of yet, so that SQS
 * delivers it again once the booking's own events may have arrived.
 */
class UnknownBookingException extends RuntimeException {

	UnknownBookingException(UUID bookingId) {
		super("Booking " + bookingId + " is not known yet: no booking event has given its customer's e-mail address");
	}

}
