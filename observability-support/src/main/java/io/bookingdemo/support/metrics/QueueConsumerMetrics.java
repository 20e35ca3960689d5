package io.bookingdemo.support.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Reports that this instance consumes its queue, as a gauge of one tagged with the
 * queue's name, so that summing the gauge over the instances that answer a scrape counts
 * the competing consumers of each queue.
 */
class QueueConsumerMetrics implements MeterBinder {

	private final @Nullable String queue;

	/**
	 * Creates the gauge's source.
	 * @param queue the queue the service reads, if any
	 */
	QueueConsumerMetrics(@Nullable String queue) {
		this.queue = queue;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.queue != null) {
			Gauge.builder("sqs.queue.consumers", () -> 1)
				.description("Running instances consuming an SQS queue: 1 per instance, summed across instances")
				.tag("queue", this.queue)
				.register(registry);
		}
	}

}
