package io.bookingdemo.booking.bookings;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when the database refuses a booking whose dates overlap a live booking of the
 * same resource; answered as a 409 problem.
 */
class BookingOverlapException extends ErrorResponseException {

	BookingOverlapException(CreateBookingRequest request, Throwable cause) {
		super(HttpStatus.CONFLICT,
				Problems.of(HttpStatus.CONFLICT, Problems.type("overlapping-booking"), "Dates already booked",
						"Resource %s is already booked for nights between %s and %s".formatted(request.resourceId(),
								request.startDate(), request.endDate())),
				cause);
	}

}
