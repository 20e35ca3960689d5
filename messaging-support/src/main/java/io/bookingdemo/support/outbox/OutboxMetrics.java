package io.bookingdemo.support.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.MessagingMode;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Reports the outbox rows still waiting for SNS and the age of the oldest, the rows set
 * aside after SNS refused them and the groups they hold, refreshed by a query on a
 * schedule, and times how long each published row waited.
 */
class OutboxMetrics implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(OutboxMetrics.class);

	// Rows wait as long as SNS is unreachable, which can be many minutes.
	private static final Duration LONGEST_EXPECTED_LAG = Duration.ofHours(1);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final AtomicLong backlog = new AtomicLong();

	private final AtomicLong setAside = new AtomicLong();

	private final AtomicLong heldGroups = new AtomicLong();

	private final MessagingMode mode;

	private volatile Instant oldestUnpublished;

	private final Timer publishLag;

	private final Duration refresh;

	OutboxMetrics(JdbcClient jdbc, MeterRegistry registry, Clock clock, Duration refresh, MessagingMode mode) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.refresh = refresh;
		this.mode = mode;
		Gauge.builder("outbox.backlog", this.backlog, AtomicLong::get)
			.description("Outbox rows waiting to be published, set-aside rows not counted")
			.register(registry);
		TimeGauge.builder("outbox.oldest.unpublished", this, TimeUnit.MILLISECONDS, OutboxMetrics::oldestAgeMillis)
			.description("Age of the oldest outbox row waiting to be published, 0 when there is none")
			.register(registry);
		Gauge.builder("outbox.set.aside", this.setAside, AtomicLong::get)
			.description("Outbox rows set aside after SNS refused them, waiting for an operator")
			.register(registry);
		Gauge.builder("outbox.held.groups", this.heldGroups, AtomicLong::get)
			.description("Message groups whose later rows wait behind a set-aside row (fifo mode)")
			.register(registry);
		this.publishLag = Timer.builder("outbox.publish.lag")
			.description("Time from an outbox row's creation to its publication")
			.publishPercentileHistogram()
			.maximumExpectedValue(LONGEST_EXPECTED_LAG)
			.register(registry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::refresh, this.refresh);
	}

	/**
	 * Counts the waiting and the set-aside rows and finds the oldest waiting one, all
	 * from the pending indexes; a failure keeps the last values and is retried at the
	 * next refresh.
	 */
	void refresh() {
		try {
			this.jdbc.sql("""
					select
					    (select count(*) from outbox_events where published_at is null and set_aside_at is null)
					        as backlog,
					    (select created_at from outbox_events where published_at is null and set_aside_at is null
					        order by id limit 1) as oldest,
					    (select count(*) from outbox_events where published_at is null and set_aside_at is not null)
					        as set_aside,
					    (select count(distinct message_group) from outbox_events
					        where published_at is null and set_aside_at is not null) as set_aside_groups
					""").query((rs) -> {
				Timestamp oldest = rs.getTimestamp("oldest");
				this.backlog.set(rs.getLong("backlog"));
				this.oldestUnpublished = (oldest != null) ? oldest.toInstant() : null;
				this.setAside.set(rs.getLong("set_aside"));
				this.heldGroups.set((this.mode == MessagingMode.FIFO) ? rs.getLong("set_aside_groups") : 0);
			});
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot refresh the outbox backlog: {}", ex.toString());
		}
	}

	/**
	 * Records how long a row waited between its creation and its publication.
	 * @param lag the published time minus the created time
	 */
	void published(Duration lag) {
		this.publishLag.record(lag);
	}

	private double oldestAgeMillis() {
		Instant oldest = this.oldestUnpublished;
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis()) : 0;
	}

}
