package io.bookingdemo.booking.bookings;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when an Idempotency-Key comes back with a different request body; answered as a
 * 422 problem.
 */
class IdempotencyKeyReusedException extends ErrorResponseException {

	IdempotencyKeyReusedException(String key) {
		super(HttpStatus.UNPROCESSABLE_CONTENT,
				Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("idempotency-key-reused"),
						"Idempotency key reused",
						"Idempotency-Key '%s' was already used with a different request body".formatted(key)),
				null);
	}

}
