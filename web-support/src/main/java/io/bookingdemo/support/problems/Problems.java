package io.bookingdemo.support.problems;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types every service answers client errors with, as stable URIs, and
 * factories for RFC 9457 problem bodies; a service names its own types with
 * {@link #type(String)}.
 */
public final class Problems {

	private static final String BASE = "https://booking-demo.example/problems/";

	/** A field of the request failed validation; the body lists every field error. */
	public static final URI VALIDATION_FAILED = type("validation-failed");

	/**
	 * The body is not JSON, not an object, has duplicate keys, unknown fields or wrong
	 * types.
	 */
	public static final URI MALFORMED_REQUEST = type("malformed-request");

	/** A path or query parameter has a value of the wrong form. */
	public static final URI INVALID_PARAMETER = type("invalid-parameter");

	/** A required query parameter is absent or empty. */
	public static final URI MISSING_PARAMETER = type("missing-parameter");

	/** The body is larger than the service accepts. */
	public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");

	/** The body is not {@code application/json}. */
	public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

	/** The method is not supported on this path. */
	public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

	/** Nothing exists at this path or with this id. */
	public static final URI NOT_FOUND = type("not-found");

	/** The request needs credentials, and has none or wrong ones. */
	public static final URI UNAUTHORIZED = type("unauthorized");

	/** The credentials are right but do not allow this request. */
	public static final URI FORBIDDEN = type("forbidden");

	/**
	 * The client sent too many refused credentials and must wait before it tries again.
	 */
	public static final URI TOO_MANY_REQUESTS = type("too-many-requests");

	private Problems() {
	}

	/**
	 * The URI of a problem type.
	 * @param name the type's short name, for example {@code not-found}
	 * @return the type's stable URI
	 */
	public static URI type(String name) {
		return URI.create(BASE + name);
	}

	/**
	 * A problem body.
	 * @param status the HTTP status
	 * @param type the problem type
	 * @param title a short summary of the type
	 * @param detail what went wrong with this request
	 * @return the problem body
	 */
	public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
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
	 * A 400 problem for a required query parameter that is absent or empty.
	 * @param name the parameter
	 * @return the problem body
	 */
	public static ProblemDetail missingParameter(String name) {
		return of(HttpStatus.BAD_REQUEST, MISSING_PARAMETER, "Missing parameter",
				"The query parameter '" + name + "' is required");
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

}
