package io.bookingdemo.support.consumer;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes the records of {@code processed_events} older than their retention, in batches
 * that each commit on their own, so that the table stops growing without the purge ever
 * holding many row locks or one long transaction; the records deleted are counted by
 * {@code messaging.processed.events.purged}.
 */
class ProcessedEventsPurge implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(ProcessedEventsPurge.class);

	private final ProcessedEvents processedEvents;

	private final MessagingProperties.ProcessedEvents properties;

	private final Clock clock;

	private final Counter purged;

	ProcessedEventsPurge(ProcessedEvents processedEvents, MessagingProperties.ProcessedEvents properties, Clock clock,
			MeterRegistry registry) {
		this.processedEvents = processedEvents;
		this.properties = properties;
		this.clock = clock;
		this.purged = Counter.builder("messaging.processed.events.purged")
			.description("Records of processed events deleted after their retention")
			.register(registry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::purge, this.properties.purgeInterval());
	}

	/**
	 * Deletes the expired records.
	 * @return the records deleted
	 */
	int purge() {
		Instant before = this.clock.instant().minus(this.properties.retention());
		int deleted;
		try {
			deleted = this.processedEvents.purge(before, this.properties.purgeBatchSize());
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot purge the processed events: {}", ex.toString());
			return 0;
		}
		this.purged.increment(deleted);
		if (deleted > 0) {
			logger.info("Purged {} processed events older than {}", deleted, before);
		}
		return deleted;
	}

}
