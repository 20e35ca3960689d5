package io.bookingdemo.support.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueConsumerMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countsThisInstanceAsOneConsumerOfItsQueue() {
		new QueueConsumerMetrics("payment-service-booking-events").bindTo(this.registry);

		assertThat(
				this.registry.get("sqs.queue.consumers").tag("queue", "payment-service-booking-events").gauge().value())
			.isEqualTo(1.0);
	}

	@Test
	void reportsNothingForAServiceThatReadsNoQueue() {
		new QueueConsumerMetrics(null).bindTo(this.registry);

		assertThat(this.registry.find("sqs.queue.consumers").gauges()).isEmpty();
	}

}
