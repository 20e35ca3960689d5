package io.bookingdemo.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the queue-depth gauges from a Prometheus exposition.
 */
class BacklogTests {

	@Test
	void addsVisibleAndInFlightMessagesPerQueueAndIgnoresDelayedOnes() {
		String exposition = """
				# HELP sqs_queue_messages Approximate number of messages in an SQS queue, by state
				# TYPE sqs_queue_messages gauge
				sqs_queue_messages{application="ledger-service",queue="ledger-service-events",state="visible"} 120.0
				sqs_queue_messages{application="ledger-service",queue="ledger-service-events",state="in_flight"} 10.0
				sqs_queue_messages{application="ledger-service",queue="ledger-service-events",state="delayed"} 7.0
				sqs_queue_messages{application="ledger-service",queue="ledger-service-events-dlq",state="visible"} 0.0
				sqs_queue_depth_other{queue="x",state="visible"} 99.0
				""";

		assertThat(Backlog.parse(exposition)).hasSize(2)
			.containsEntry("ledger-service-events", 130L)
			.containsEntry("ledger-service-events-dlq", 0L);
		assertThat(Backlog.isDeadLetterQueue("ledger-service-events-dlq")).isTrue();
		assertThat(Backlog.isDeadLetterQueue("ledger-service-events-dlq.fifo")).isTrue();
		assertThat(Backlog.isDeadLetterQueue("ledger-service-events.fifo")).isFalse();
	}

}
