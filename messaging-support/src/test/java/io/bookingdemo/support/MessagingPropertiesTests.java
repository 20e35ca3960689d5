package io.bookingdemo.support;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessagingPropertiesTests {

	@Test
	void bindsTheDefaultsWhenNothingIsSet() {
		MessagingProperties properties = bind(Map.of());

		assertThat(properties.queue()).isNull();
		assertThat(properties.topic()).isNull();
		assertThat(properties.listener()).isEqualTo(new MessagingProperties.Listener(10, Duration.ofSeconds(20),
				new MessagingProperties.Retry(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)),
				new MessagingProperties.Outage(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(2)),
				new MessagingProperties.Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30),
						Duration.ofMinutes(5)),
				null, new MessagingProperties.Limits(30, 10)));
		assertThat(properties.outbox()).isEqualTo(new MessagingProperties.Outbox(Duration.ofMillis(200), 10,
				Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofHours(1), 5));
		assertThat(properties.metrics()).isEqualTo(new MessagingProperties.Metrics(Duration.ofSeconds(5)));
		assertThat(properties.database())
			.isEqualTo(new MessagingProperties.Database(Duration.ofSeconds(30), Duration.ofSeconds(5)));
		assertThat(properties.processedEvents())
			.isEqualTo(new MessagingProperties.ProcessedEvents(Duration.ofDays(30), Duration.ofHours(1), 1000));
	}

	@Test
	void keepsTheOtherDefaultsOfAGroupWhenOneSettingIsSet() {
		MessagingProperties properties = bind(Map.of("messaging.topic", "widget-events",
				"messaging.outbox.publish-timeout", "2s", "messaging.listener.retry.multiplier", "1.5"));

		assertThat(properties.topic()).isEqualTo("widget-events");
		assertThat(properties.outbox().publishTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.outbox().retention()).isEqualTo(Duration.ofDays(7));
		assertThat(properties.listener().retry().multiplier()).isEqualTo(1.5);
		assertThat(properties.listener().retry().maxBackoff()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void refusesAnInitialBackoffLongerThanTheMaxBackoff() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("messaging.listener.retry.initial-backoff", "1m",
					"messaging.listener.retry.max-backoff", "30s")))
			.havingRootCause()
			.withMessageContaining("initial-backoff must not be longer than max-backoff");
	}

	@Test
	void refusesABatchLargerThanSnsAccepts() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("messaging.outbox.batch-size", "11")))
			.havingRootCause()
			// The codes, not the default message, which is in the JVM's language.
			.withMessageContaining("field 'batchSize': rejected value [11]; codes [Max.messaging.outbox.batchSize");
	}

	@Test
	void bindsARateCap() {
		assertThat(bind(Map.of("messaging.listener.max-rate", "50")).listener().maxRate()).isEqualTo(50);
	}

	@Test
	void refusesARateCapOfZero() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("messaging.listener.max-rate", "0")))
			.havingRootCause()
			.withMessageContaining("field 'maxRate': rejected value [0]; codes [Min.messaging.listener.maxRate");
	}

	@Test
	void bindsTheNamesOfTheModesResources() {
		MessagingProperties properties = bind(
				Map.of("messaging.mode", "fifo", "messaging.queue", "ledger-service-events.fifo", "messaging.topic",
						"arn:aws:sns:us-east-1:000000000000:booking-events.fifo"));

		assertThat(properties.queue()).isEqualTo("ledger-service-events.fifo");
		assertThat(properties.topic()).isEqualTo("arn:aws:sns:us-east-1:000000000000:booking-events.fifo");
	}

	@Test
	void refusesAStandardNameInFifoMode() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("messaging.mode", "fifo", "messaging.queue", "ledger-service-events")))
			.havingRootCause()
			.withMessageContaining("queue and topic must name resources of the messaging mode");
	}

	@Test
	void refusesAFifoNameInStandardMode() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("messaging.topic", "booking-events.fifo")))
			.havingRootCause()
			.withMessageContaining("queue and topic must name resources of the messaging mode");
	}

	private static MessagingProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		// Validated the way Spring Boot validates @Validated configuration properties.
		ValidationBindHandler validation = new ValidationBindHandler(
				new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
		return binder.bindOrCreate("messaging", Bindable.of(MessagingProperties.class), validation);
	}

}
