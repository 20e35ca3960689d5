package io.bookingdemo.support.outbox;

import java.time.Clock;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's endpoints under {@code /admin/outbox} for the rows the relay of
 * {@link OutboxAutoConfiguration} set aside, for a service that publishes events.
 */
@AutoConfiguration(after = OutboxAutoConfiguration.class)
@ConditionalOnProperty("messaging.topic")
public class SetAsideAutoConfiguration {

	@Bean
	SetAsideRows setAsideRows(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock,
			MessagingProperties properties, OutboxRelay relay) {
		return new SetAsideRows(jdbc, new TransactionTemplate(transactionManager), clock, properties.mode(),
				relay::wakeUp);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class AdminEndpoints {

		@Bean
		SetAsideController setAsideController(SetAsideRows rows) {
			return new SetAsideController(rows);
		}

	}

}
