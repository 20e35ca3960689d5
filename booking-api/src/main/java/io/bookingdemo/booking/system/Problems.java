package io.bookingdemo.booking.system;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types this API answers with, as stable URIs, and factories for their
 * bodies.
 */
public final class Problems {

	private static final String BASE = "https://booking-demo.example/problems/";

	/** A field of the request failed validation; the body lists every field error. */
	public static final URI VALIDATION_FAILED = URI.create(BASE + "validation-failed");

	/**
	 * The body is not JSON, not an object, has duplicate keys, unknown fields or wrong
	 * types.
	 */
	public static final URI MALFORMED_REQUEST = URI.create(BASE + "malformed-request");

	/** A path or query parameter has a value of the wrong form. */
	public static final URI INVALID_PARAMETER = URI.create(BASE + "invalid-parameter");

	/** The body is larger than the API accepts. */
	public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");

	/** The body is not {@code application/json}. */
	public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");

	/** The method is not supported on this path. */
	public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");

	/** Nothing exists at this path or with this id. */
	public static final URI NOT_FOUND = URI.create(BASE + "not-found");

	/**
	 * The booking's dates overlap a pending or confirmed booking of the same resource.
	 */
	public static final URI OVERLAPPING_BOOKING = URI.create(BASE + "overlapping-booking");

	/** The booking's status does not allow the requested transition. */
	public static final URI BOOKING_STATE_CONFLICT = URI.create(BASE + "booking-state-conflict");

	/** The Idempotency-Key was used before with a different request body. */
	public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(BASE + "idempotency-key-reused");

	private Problems() {
	}

	/**
	 * A 404 problem.
	 * @param detail what was not found
	 * @return the problem body
	 */
	public static ProblemDetail notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", detail);
	}

	/**
	 * A 400 problem for one invalid parameter or header.
	 * @param name the parameter or header
	 * @param message what is wrong with it
	 * @return the problem body
	 */
	public static ProblemDetail invalidParameter(String name, String message) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "Invalid parameter",
				"1 parameter(s) of the request are invalid");
		problem.setProperty("errors", List.of(Map.of("field", name, "message", message)));
		return problem;
	}

	/**
	 * A 409 problem for dates already taken.
	 * @param detail which resource and dates
	 * @return the problem body
	 */
	public static ProblemDetail overlappingBooking(String detail) {
		return of(HttpStatus.CONFLICT, OVERLAPPING_BOOKING, "Dates already booked", detail);
	}

	/**
	 * A 409 problem for a transition the booking's status does not allow.
	 * @param detail the booking, its status and the refused transition
	 * @return the problem body
	 */
	public static ProblemDetail bookingStateConflict(String detail) {
		return of(HttpStatus.CONFLICT, BOOKING_STATE_CONFLICT, "Booking state conflict", detail);
	}

	/**
	 * A 422 problem for an Idempotency-Key reused with another body.
	 * @param detail which key
	 * @return the problem body
	 */
	public static ProblemDetail idempotencyKeyReused(String detail) {
		return of(HttpStatus.UNPROCESSABLE_CONTENT, IDEMPOTENCY_KEY_REUSED, "Idempotency key reused", detail);
	}

	static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

}
