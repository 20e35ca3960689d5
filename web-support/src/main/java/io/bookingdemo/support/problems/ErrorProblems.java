package io.bookingdemo.support.problems;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem bodies of the errors answered outside Spring MVC's handlers: by the servlet
 * container before the request reaches the application, or by the error page a filter or
 * the container forwards to. The request's own text is never echoed back.
 */
final class ErrorProblems {

	private ErrorProblems() {
	}

	static ProblemDetail of(int statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		return Problems.of(status, typeOf(status), status.getReasonPhrase(), detailOf(status));
	}

	private static URI typeOf(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> Problems.MALFORMED_REQUEST;
			case NOT_FOUND -> Problems.NOT_FOUND;
			case METHOD_NOT_ALLOWED, NOT_IMPLEMENTED -> Problems.METHOD_NOT_ALLOWED;
			case CONTENT_TOO_LARGE, URI_TOO_LONG, REQUEST_HEADER_FIELDS_TOO_LARGE -> Problems.PAYLOAD_TOO_LARGE;
			case UNSUPPORTED_MEDIA_TYPE -> Problems.UNSUPPORTED_MEDIA_TYPE;
			default -> URI.create("about:blank");
		};
	}

	private static String detailOf(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request is not a well-formed HTTP request for this service";
			case NOT_FOUND -> "There is nothing at this path";
			case METHOD_NOT_ALLOWED, NOT_IMPLEMENTED -> "This method is not supported here";
			default -> status.is4xxClientError() ? "The request was refused" : "The request could not be handled";
		};
	}

}
