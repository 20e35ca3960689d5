package io.bookingdemo.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingModeTests {

	@Test
	void tellsTheNamesOfItsResources() {
		assertThat(MessagingMode.FIFO.names("ledger-service-events.fifo")).isTrue();
		assertThat(MessagingMode.FIFO.names("arn:aws:sns:us-east-1:000000000000:booking-events")).isFalse();
		assertThat(MessagingMode.STANDARD.names("ledger-service-events")).isTrue();
		assertThat(MessagingMode.STANDARD.names("ledger-service-events.fifo")).isFalse();
	}

	@Test
	void namesDeadLetterQueuesOfTheQueuesKind() {
		assertThat(MessagingMode.FIFO.deadLetterQueueName("ledger-service-events.fifo"))
			.isEqualTo("ledger-service-events-dlq.fifo");
		assertThat(MessagingMode.STANDARD.deadLetterQueueName("ledger-service-events"))
			.isEqualTo("ledger-service-events-dlq");
	}

}
