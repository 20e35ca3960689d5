package io.bookingdemo.ledger.system;

import java.net.URI;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns client errors into RFC 9457 {@code application/problem+json} bodies with stable
 * type URIs; everything else keeps Spring's built-in problem details.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final String BASE = "https://booking-demo.example/problems/";

	static final URI INVALID_PARAMETER = URI.create(BASE + "invalid-parameter");

	static final URI MISSING_PARAMETER = URI.create(BASE + "missing-parameter");

	static final URI NOT_FOUND = URI.create(BASE + "not-found");

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.isMissingAfterConversion()) {
			return problem(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "Invalid parameter",
					"The query parameter '" + ex.getParameterName() + "' must not be empty");
		}
		return problem(HttpStatus.BAD_REQUEST, MISSING_PARAMETER, "Missing parameter",
				"The query parameter '" + ex.getParameterName() + "' is required");
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value";
		return problem(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "Invalid parameter",
				"The parameter '" + name + "' must be a valid " + expected);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Nothing exists at /" + ex.getResourcePath());
	}

	private static ResponseEntity<Object> problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return ResponseEntity.status(status).body(problem);
	}

}
