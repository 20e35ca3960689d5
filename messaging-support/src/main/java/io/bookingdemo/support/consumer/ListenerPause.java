package io.bookingdemo.support.consumer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Stops a service's listeners from pulling messages while its database is out of reach,
 * and lets them pull again once a probe finds it answering: a message cannot succeed
 * without the database, so each receive meanwhile would only bring it closer to the
 * dead-letter queue. The probe opens a connection of its own, outside the pool, so that a
 * pool whose connections are all busy is not mistaken for a database out of reach. The
 * pause shows as the gauge {@code messaging.listener.paused} and as one log line when it
 * starts and one when it ends.
 */
public class ListenerPause implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ListenerPause.class);

	private static final int PROBE_TIMEOUT_SECONDS = 5;

	private final DataSource dataSource;

	private final Duration probeInterval;

	private final Clock clock;

	private final ScheduledExecutorService prober;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition resumed = this.lock.newCondition();

	private volatile Instant pausedSince;

	private ScheduledFuture<?> probe;

	/**
	 * Creates the pause, not paused.
	 * @param dataSource the database the listeners need, giving connections outside the
	 * pool the listeners draw from
	 * @param probeInterval the pause between two probes of the database while it is out
	 * of reach
	 * @param clock the clock the outage is timed with
	 * @param registry where the gauge goes
	 */
	public ListenerPause(DataSource dataSource, Duration probeInterval, Clock clock, MeterRegistry registry) {
		this.dataSource = dataSource;
		this.probeInterval = probeInterval;
		this.clock = clock;
		this.prober = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "database-probe");
			thread.setDaemon(true);
			return thread;
		});
		Gauge.builder("messaging.listener.paused", this, (pause) -> pause.isPaused() ? 1 : 0)
			.description("1 while the listeners pull no messages because the database is out of reach")
			.register(registry);
	}

	/**
	 * Whether the listeners are paused.
	 * @return {@code true} while the database is out of reach
	 */
	public boolean isPaused() {
		return this.pausedSince != null;
	}

	/**
	 * Pauses the listeners if a probe finds the database out of reach after a message
	 * failed for want of a connection; if the database answers, the failure was the
	 * pool's connections being busy, and the listeners go on.
	 * @param failure what the message failed with
	 * @return {@code true} if the listeners are paused, now or before
	 */
	public boolean pauseIfUnreachable(Throwable failure) {
		if (isPaused()) {
			return true;
		}
		if (answers()) {
			logger.debug("The database answers: {} was the pool being busy, not an outage", failure.toString());
			return false;
		}
		pause(failure);
		return true;
	}

	/**
	 * Pauses the listeners because a message failed for want of the database, and probes
	 * the database until it answers. Does nothing if they are paused already.
	 * @param failure what the message failed with
	 */
	public void pause(Throwable failure) {
		this.lock.lock();
		try {
			if (this.pausedSince != null) {
				return;
			}
			this.pausedSince = this.clock.instant();
			logger.warn("Database out of reach ({}): listeners pull no messages until it answers again, "
					+ "probing every {}", connectionFailure(failure), this.probeInterval);
			this.probe = this.prober.scheduleWithFixedDelay(this::probe, this.probeInterval.toMillis(),
					this.probeInterval.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits, at most the given time, until the listeners are no longer paused.
	 * @param timeout the longest wait
	 * @return {@code true} if the listeners are not paused
	 * @throws InterruptedException if the thread is interrupted while waiting
	 */
	public boolean awaitResume(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (this.pausedSince != null && nanos > 0) {
				nanos = this.resumed.awaitNanos(nanos);
			}
			return this.pausedSince == null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void probe() {
		if (answers()) {
			resume();
		}
	}

	private boolean answers() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.isValid(PROBE_TIMEOUT_SECONDS);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Database out of reach: {}", ex.toString());
			return false;
		}
	}

	private void resume() {
		this.lock.lock();
		try {
			if (this.pausedSince == null) {
				return;
			}
			logger.info("Database answers again after {}: listeners resume",
					Duration.between(this.pausedSince, this.clock.instant()).withNanos(0));
			this.pausedSince = null;
			this.probe.cancel(false);
			this.resumed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	// The JDBC failure says most about the outage; the wrappers above it say little.
	private static String connectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException) {
				return cause.toString();
			}
		}
		return failure.toString();
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
	}

}
