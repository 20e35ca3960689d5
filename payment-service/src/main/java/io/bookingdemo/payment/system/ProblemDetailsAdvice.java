package io.bookingdemo.payment.system;

import java.net.URI;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns client errors into RFC 9457 {@code application/problem+json} bodies with a stable
 * type, a title and a detail; the errors not handled here get Spring's built-in problem
 * bodies.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.BAD_REQUEST, Problems.MISSING_PARAMETER, "Missing parameter",
				"The query parameter '" + ex.getParameterName() + "' is required");
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "another type";
		return problem(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER, "Invalid parameter",
				"The parameter '" + name + "' must be a valid " + expected);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
				"Nothing exists at /" + ex.getResourcePath());
	}

	private static ResponseEntity<Object> problem(HttpStatus status, URI type, String title, String detail) {
		return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
	}

}
