package io.bookingdemo.support.outbox;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import io.bookingdemo.support.database.PlumbingSchema;
import io.bookingdemo.support.tracing.MessageTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The outbox, its relay to the SNS topic named by {@code messaging.topic} and its
 * metrics, for a service that publishes events.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class)
@ConditionalOnProperty("messaging.topic")
public class OutboxAutoConfiguration {

	/**
	 * The outbox's tables, {@code outbox_events} and {@code outbox_actions}.
	 */
	public static final PlumbingSchema SCHEMA = new PlumbingSchema("classpath:db/messaging-support/outbox",
			"flyway_outbox_history");

	@Bean
	PlumbingSchema outboxSchema() {
		return SCHEMA;
	}

	@Bean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, ObjectProvider<MessageTracing> tracing) {
		return new Outbox(jdbc, json, relay::wakeUp, tracing.getIfAvailable(MessageTracing::off));
	}

	@Bean
	OutboxMetrics outboxMetrics(JdbcClient jdbc, MeterRegistry registry, Clock clock, MessagingProperties properties) {
		return new OutboxMetrics(jdbc, registry, clock, properties.metrics().refresh(), properties.mode());
	}

	@Bean
	OutboxRelay outboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager, SnsClient sns,
			MessagingProperties properties, Clock clock, OutboxMetrics metrics,
			ObjectProvider<MessageTracing> tracing) {
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), sns, properties.topic(),
				properties.mode(), properties.outbox(), clock, metrics, tracing.getIfAvailable(MessageTracing::off));
	}

}
