package io.bookingdemo.support.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class QueueDepthMetricsIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private MeterRegistry registry;

	@Test
	void reportsItsQueueTheDeadLetterQueueAndTheQueuesSubscribedToItsTopic() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.registry.find("sqs.queue.messages").tag("state", "visible").gauges())
				.extracting((gauge) -> gauge.getId().getTag("queue"))
				.containsExactlyInAnyOrder(TestTopology.QUEUE, TestTopology.DEAD_LETTER_QUEUE, TestTopology.TAP));
		assertThat(this.registry.find("sqs.queue.messages").tag("queue", TestTopology.QUEUE).gauges())
			.extracting((gauge) -> gauge.getId().getTag("state"))
			.containsExactlyInAnyOrder("visible", "in_flight", "delayed");
	}

}
