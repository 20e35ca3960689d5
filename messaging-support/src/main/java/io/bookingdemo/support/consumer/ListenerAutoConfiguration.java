package io.bookingdemo.support.consumer;

import java.time.Clock;
import java.time.Duration;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The defaults every SQS listener of a service runs with, and the idempotent consumer its
 * listeners deduplicate with.
 */
@AutoConfiguration(before = SqsAutoConfiguration.class, after = MessagingSupportAutoConfiguration.class)
public class ListenerAutoConfiguration {

	/**
	 * The container factory {@code @SqsListener} uses: long polls, batches of up to ten,
	 * acknowledgement on success, and an exponential backoff through the visibility
	 * timeout for messages that fail, until the redrive policy moves them to the
	 * dead-letter queue. On a FIFO queue (its name ends in {@code .fifo}) Spring Cloud
	 * AWS switches to its FIFO components with these same settings: each message group's
	 * messages are processed one after the other, groups in parallel, and a failing
	 * message's backoff holds only its own group, until it is dead-lettered.
	 * @param sqs the SQS client
	 * @param properties the messaging settings
	 * @param observations where the listener's observations go
	 * @param interceptors the interceptors to run around each message, the metrics among
	 * them
	 * @return the factory
	 */
	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqs,
			MessagingProperties properties, ObservationRegistry observations,
			ObjectProvider<MessageInterceptor<Object>> interceptors) {
		MessagingProperties.Listener listener = properties.listener();
		MessagingProperties.Retry retry = listener.retry();
		SqsMessageListenerContainerFactory.Builder<Object> factory = SqsMessageListenerContainerFactory.builder()
			.sqsAsyncClient(sqs)
			.errorHandler(ExponentialBackoffErrorHandler.builder()
				.initialVisibilityTimeoutSeconds(seconds(retry.initialBackoff()))
				.multiplier(retry.multiplier())
				.maxVisibilityTimeoutSeconds(seconds(retry.maxBackoff()))
				.build());
		interceptors.orderedStream().forEach(factory::messageInterceptor);
		// Acknowledgement is immediate: Spring Cloud AWS 4.1.0 fails a whole batch when
		// one message is delivered twice inside it (awspring issue 1634) and drops fewer
		// than 10 pending acknowledgements at shutdown (issue 1661). Idempotent consumers
		// make the redeliveries that remain harmless.
		return factory
			.configure((options) -> options.maxMessagesPerPoll(listener.maxMessagesPerPoll())
				.pollTimeout(listener.pollTimeout())
				.acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
				.acknowledgementInterval(Duration.ZERO)
				.acknowledgementThreshold(0)
				.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
				.observationRegistry(observations))
			.build();
	}

	@Bean
	ProcessedEvents processedEvents(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock,
			ObjectProvider<MeterRegistry> registry) {
		return new ProcessedEvents(jdbc, new TransactionTemplate(transactionManager), clock,
				registry.getIfUnique(SimpleMeterRegistry::new));
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
