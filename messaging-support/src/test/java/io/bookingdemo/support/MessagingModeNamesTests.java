package io.bookingdemo.support;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingModeNamesTests {

	@Test
	void namesTheFifoResourcesInFifoModeWhereverTheNamesAreRead() {
		StandardEnvironment environment = environment(
				Map.of("messaging.mode", "fifo", "messaging.queue", "${LEDGER_QUEUE:ledger-service-events}",
						"messaging.topic", "arn:aws:sns:us-east-1:000000000000:booking-events"));

		assertThat(environment.getProperty("messaging.queue")).isEqualTo("ledger-service-events.fifo");
		assertThat(environment.resolvePlaceholders("${messaging.queue}")).isEqualTo("ledger-service-events.fifo");
		assertThat(Binder.get(environment).bind("messaging.topic", String.class).get())
			.isEqualTo("arn:aws:sns:us-east-1:000000000000:booking-events.fifo");
	}

	@Test
	void keepsTheConfiguredNamesInStandardModeAndNamesThatAreFifoAlready() {
		assertThat(environment(Map.of("messaging.queue", "ledger-service-events")).getProperty("messaging.queue"))
			.isEqualTo("ledger-service-events");
		assertThat(environment(Map.of("messaging.mode", "standard", "messaging.queue", "ledger-service-events"))
			.getProperty("messaging.queue")).isEqualTo("ledger-service-events");
		assertThat(environment(Map.of("messaging.mode", "FIFO", "messaging.queue", "ledger-service-events.fifo"))
			.getProperty("messaging.queue")).isEqualTo("ledger-service-events.fifo");
	}

	@Test
	void followsAModeSetAfterStartUp() {
		StandardEnvironment environment = environment(Map.of("messaging.queue", "ledger-service-events"));

		environment.getPropertySources().addFirst(new MapPropertySource("dynamic", Map.of("messaging.mode", "fifo")));

		assertThat(environment.getProperty("messaging.queue")).isEqualTo("ledger-service-events.fifo");
	}

	@Test
	void namesDeadLetterQueuesOfTheQueuesKind() {
		assertThat(MessagingMode.FIFO.deadLetterQueueName("ledger-service-events.fifo"))
			.isEqualTo("ledger-service-events-dlq.fifo");
		assertThat(MessagingMode.STANDARD.deadLetterQueueName("ledger-service-events"))
			.isEqualTo("ledger-service-events-dlq");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addLast(new MapPropertySource("application", properties));
		ConfigurationPropertySources.attach(environment);
		new MessagingModeNames().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
