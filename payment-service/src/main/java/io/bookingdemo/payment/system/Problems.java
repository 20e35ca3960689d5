package io.bookingdemo.payment.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types this service answers with, as stable URIs, and a factory for their
 * bodies.
 */
final class Problems {

	private static final String BASE = "https://booking-demo.example/problems/";

	/** A required query parameter is absent or empty. */
	static final URI MISSING_PARAMETER = URI.create(BASE + "missing-parameter");

	/** A query or path parameter has a value of the wrong form. */
	static final URI INVALID_PARAMETER = URI.create(BASE + "invalid-parameter");

	/** Nothing exists at this path. */
	static final URI NOT_FOUND = URI.create(BASE + "not-found");

	private Problems() {
	}

	static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

}
