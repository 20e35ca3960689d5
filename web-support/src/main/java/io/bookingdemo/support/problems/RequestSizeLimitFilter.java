package io.bookingdemo.support.problems;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies, whether they declare a {@code Content-Length} or arrive chunked:
 * reading past the limit fails with {@link RequestTooLargeException}, which the problem
 * advice answers with 413.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	/**
	 * Creates the filter.
	 * @param limit the largest body accepted
	 */
	public RequestSizeLimitFilter(DataSize limit) {
		this.limit = limit.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new LimitedRequest(request, this.limit), response);
	}

	/**
	 * Finds the size violation behind a body that could not be read, if that is why.
	 * @param ex the exception raised while reading the body
	 * @return the violation, or empty if the body was unreadable for another reason
	 */
	static Optional<RequestTooLargeException> findCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooLargeException tooLarge) {
				return Optional.of(tooLarge);
			}
		}
		return Optional.empty();
	}

	/**
	 * Thrown while reading a request body that exceeds the limit.
	 */
	static class RequestTooLargeException extends IOException {

		RequestTooLargeException(long limit) {
			super("The request body is larger than the limit of " + limit + " bytes");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (getContentLengthLong() > this.limit) {
				throw new RequestTooLargeException(this.limit);
			}
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int next = this.delegate.read();
			if (next != -1) {
				count(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = this.delegate.read(buffer, offset, length);
			if (count > 0) {
				count(count);
			}
			return count;
		}

		private void count(int bytes) throws RequestTooLargeException {
			this.read += bytes;
			if (this.read > this.limit) {
				throw new RequestTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
