package io.bookingdemo.booking.bookings;

import java.util.UUID;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a booking is asked for a transition its status does not allow; answered as
 * a 409 problem.
 */
class BookingStateException extends ErrorResponseException {

	BookingStateException(UUID id, BookingStatus status, String transition, BookingStatus required) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, Problems.type("booking-state-conflict"), "Booking state conflict",
						"Booking %s is %s; only a %s booking can %s".formatted(id, status, required, transition)),
				null);
	}

}
