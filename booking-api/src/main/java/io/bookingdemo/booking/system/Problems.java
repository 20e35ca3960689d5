package io.bookingdemo.booking.system;

import java.net.URI;

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

	static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

}
