package io.bookingdemo.booking.bookings;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import io.bookingdemo.support.problems.Problems;

/**
 * Thrown when no booking has the requested id; answered as a 404 problem.
 */
class BookingNotFoundException extends ErrorResponseException {

	BookingNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, Problems.notFound("No booking with id " + id), null);
	}

}
