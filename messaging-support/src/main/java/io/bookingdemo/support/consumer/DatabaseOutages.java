package io.bookingdemo.support.consumer;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure for want of a database connection from one caused by the message: a
 * connection refused or cut, the pool timing out on a connection, or the database not
 * accepting connections. Such a failure is an outage only if a probe outside the pool
 * cannot connect either ({@link ListenerPause#pauseIfUnreachable}): a pool that times out
 * while the database answers is only busy.
 */
public final class DatabaseOutages {

	// Guards against a cause chain that loops.
	private static final int DEEPEST_CAUSE = 32;

	private DatabaseOutages() {
	}

	/**
	 * Whether a failure, or one of its causes, means the database cannot be reached.
	 * @param failure the failure
	 * @return {@code true} for a connection failure, {@code false} for anything else
	 */
	public static boolean isOutage(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < DEEPEST_CAUSE; depth++) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	// Class 08 is a connection exception; 57P01 to 57P03 are the server shutting down or
	// not accepting connections yet.
	private static boolean isConnectionState(String sqlState) {
		return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P0"));
	}

}
