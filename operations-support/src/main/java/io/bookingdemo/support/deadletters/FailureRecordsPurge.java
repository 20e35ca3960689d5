package io.bookingdemo.support.deadletters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Keeps the failure records and the audit within their retention and, for the failure
 * records, their row count, so that a flood of poison messages cannot grow them without
 * bound.
 */
class FailureRecordsPurge implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(FailureRecordsPurge.class);

	private final FailureRecords failures;

	private final DeadLetterAudit audit;

	private final DeadLetterProperties properties;

	FailureRecordsPurge(FailureRecords failures, DeadLetterAudit audit, DeadLetterProperties properties) {
		this.failures = failures;
		this.audit = audit;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::purge, this.properties.purgeInterval());
	}

	void purge() {
		try {
			int failures = this.failures.purge(this.properties.failureRetention(), this.properties.maxFailures());
			int actions = this.audit.purge(this.properties.auditRetention());
			if (failures + actions > 0) {
				logger.info("Purged {} failure records and {} audit entries", failures, actions);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot purge the failure records: {}", ex.toString());
		}
	}

}
