package io.bookingdemo.support.consumer;

import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.logging.LogText;

/**
 * A failure as the listener container logs it: the class and message of the original and
 * of each of its causes, escaped, with their stack traces kept. The container logs a
 * failed batch with its whole cause chain, and a cause's message may quote the message's
 * body (an event type, a currency), which unescaped could forge a log line.
 */
final class EscapedFailure extends RuntimeException {

	// Guards against a cause chain that loops.
	private static final int DEEPEST_CAUSE = 32;

	private EscapedFailure(Throwable original, @Nullable Throwable cause) {
		super(LogText.escape(original.getClass().getName() + ": " + original.getMessage()), cause, false, true);
		setStackTrace(original.getStackTrace());
	}

	/**
	 * The escaped stand-in for a failure and its causes.
	 * @param failure the failure
	 * @return its stand-in
	 */
	static EscapedFailure of(Throwable failure) {
		return of(failure, 0);
	}

	private static EscapedFailure of(Throwable failure, int depth) {
		Throwable cause = failure.getCause();
		return new EscapedFailure(failure,
				(cause != null && cause != failure && depth < DEEPEST_CAUSE) ? of(cause, depth + 1) : null);
	}

}
