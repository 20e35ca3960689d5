package io.bookingdemo.support.deadletters;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import io.bookingdemo.support.database.PlumbingSchema;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For a service that reads a queue ({@code messaging.queue}): the record of why each
 * message failed, written as the listeners' consumer reports it, and the operator's
 * endpoints under {@code /admin/dead-letters} for the queue's dead-letter queue, with
 * their audit.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class)
@ConditionalOnProperty("messaging.queue")
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterAutoConfiguration {

	/**
	 * The tables of the failure records and of the operators' audit,
	 * {@code message_failures} and {@code dead_letter_actions}.
	 */
	public static final PlumbingSchema SCHEMA = new PlumbingSchema("classpath:db/operations-support/dead-letters",
			"flyway_dead_letters_history");

	@Bean
	PlumbingSchema deadLettersSchema() {
		return SCHEMA;
	}

	@Bean
	FailureRecords failureRecords(JdbcClient jdbc, Clock clock) {
		return new FailureRecords(jdbc, clock);
	}

	@Bean
	FailureRecording failureRecording(FailureRecords failures) {
		return new FailureRecording(failures);
	}

	@Bean
	DeadLetterAudit deadLetterAudit(JdbcClient jdbc, Clock clock) {
		return new DeadLetterAudit(jdbc, clock);
	}

	@Bean
	FailureRecordsPurge failureRecordsPurge(FailureRecords failures, DeadLetterAudit audit,
			DeadLetterProperties properties) {
		return new FailureRecordsPurge(failures, audit, properties);
	}

	@Bean
	DeadLetterQueue deadLetterQueue(SqsAsyncClient sqs, JsonMapper json, MessagingProperties messaging,
			DeadLetterProperties properties, Clock clock) {
		return new DeadLetterQueue(sqs, json, messaging.queue(), properties.redriveRate(), clock);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class AdminEndpoints {

		@Bean
		DeadLetterController deadLetterController(DeadLetterQueue queue, FailureRecords failures, DeadLetterAudit audit,
				MeterRegistry registry, DeadLetterProperties properties) {
			return new DeadLetterController(queue, failures, audit, registry, properties.listLimit());
		}

	}

}
