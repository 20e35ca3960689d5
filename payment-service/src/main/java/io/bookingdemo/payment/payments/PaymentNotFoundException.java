package io.bookingdemo.payment.payments;

import java.util.UUID;

/**
 * Thrown when an event is about a booking that has no payment here.
 */
class PaymentNotFoundException extends RuntimeException {

	PaymentNotFoundException(UUID bookingId) {
		super("No payment for booking " + bookingId);
	}

}
