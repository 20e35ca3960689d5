package io.bookingdemo.support.problems;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every client error into an RFC 9457 {@code application/problem+json} body with a
 * stable type, a title, a detail and, for validation failures, the field errors. A
 * service's own errors carry their problem bodies themselves, as
 * {@link org.springframework.web.ErrorResponse}s.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map((error) -> fieldError((error instanceof FieldError field) ? field.getField() : error.getObjectName(),
					error))
			.sorted(Comparator.comparing((Map<String, String> error) -> error.get("field")))
			.toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, "Validation failed",
				errors.size() + " field(s) of the request are invalid");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> fieldError(result.getMethodParameter().getParameterName(), error)))
			.toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER, "Invalid parameter",
				errors.size() + " parameter(s) of the request are invalid");
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Optional<RequestSizeLimitFilter.RequestTooLargeException> tooLarge = RequestSizeLimitFilter.findCause(ex);
		if (tooLarge.isPresent()) {
			return problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
					tooLarge.get().getMessage());
		}
		return problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed request", describe(ex));
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
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(Problems.missingParameter(ex.getParameterName()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpHeaders accept = new HttpHeaders();
		accept.setAccept(ex.getSupportedMediaTypes());
		ProblemDetail problem = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.UNSUPPORTED_MEDIA_TYPE,
				"Unsupported media type", "The request body must be application/json, not "
						+ ((ex.getContentType() != null) ? ex.getContentType() : "missing"));
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(accept).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		HttpHeaders allow = new HttpHeaders();
		if (ex.getSupportedHttpMethods() != null) {
			allow.setAllow(ex.getSupportedHttpMethods());
		}
		ProblemDetail problem = Problems.of(HttpStatus.METHOD_NOT_ALLOWED, Problems.METHOD_NOT_ALLOWED,
				"Method not allowed", ex.getMethod() + " is not supported here");
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(allow).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.notFound("Nothing exists at /" + ex.getResourcePath()));
	}

	private static ResponseEntity<Object> problem(HttpStatus status, URI type, String title, String detail) {
		return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
	}

	private static Map<String, String> fieldError(String field, MessageSourceResolvable error) {
		return Map.of("field", field, "message", String.valueOf(error.getDefaultMessage()));
	}

	/**
	 * Describes what is wrong with an unreadable body without echoing the parser's
	 * internals or the request's bytes.
	 */
	private static String describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "'";
		}
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			return "Field '" + path(mismatch) + "' has the wrong type or format";
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
			return "Field '" + path(databind) + "' could not be read: " + databind.getOriginalMessage();
		}
		if (cause instanceof MismatchedInputException) {
			return "The request body must be a JSON object";
		}
		if (cause instanceof JacksonException json) {
			return "The request body is not valid JSON: " + json.getOriginalMessage();
		}
		return "The request body is missing or unreadable";
	}

	private static String path(DatabindException ex) {
		return ex.getPath()
			.stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: "[" + reference.getIndex() + "]")
			.reduce((left, right) -> right.startsWith("[") ? left + right : left + "." + right)
			.orElse("");
	}

}
