package io.bookingdemo.support.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactories;
import io.awspring.cloud.sqs.listener.backpressure.BackPressureHandlerFactory;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
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
	 * dead-letter queue.
	 * @param sqs the SQS client
	 * @param properties the messaging settings
	 * @param observations where the listener's observations go
	 * @param interceptors the interceptors to run around each message, the metrics among
	 * them
	 * @param limits the back-pressure limits the listener obeys besides Spring Cloud
	 * AWS's own, the rate cap among them: a receive asks SQS for no more messages than
	 * every one of them allows
	 * @return the factory
	 */
	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqs,
			MessagingProperties properties, ObservationRegistry observations,
			ObjectProvider<MessageInterceptor<Object>> interceptors,
			ObjectProvider<BackPressureHandlerFactory> limits) {
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
				.backPressureHandlerFactory(withLimits(limits.orderedStream().toList()))
				.observationRegistry(observations))
			.build();
	}

	/**
	 * The cap {@code messaging.listener.max-rate} sets on the messages this instance
	 * receives per second, reported as the gauge {@code messaging.listener.max.rate}.
	 * @param properties the messaging settings
	 * @param registry where the gauge goes
	 * @return the cap
	 */
	@Bean
	@ConditionalOnExpression("'${messaging.listener.max-rate:}' != ''")
	RateCap listenerRateCap(MessagingProperties properties, MeterRegistry registry) {
		RateCap cap = new RateCap(properties.listener().maxRate());
		Gauge.builder("messaging.listener.max.rate", cap, RateCap::maxRate)
			.description("The most messages per second this instance's listeners receive")
			.register(registry);
		return cap;
	}

	@Bean
	ProcessedEvents processedEvents(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
		return new ProcessedEvents(jdbc, new TransactionTemplate(transactionManager), clock);
	}

	private static BackPressureHandlerFactory withLimits(List<BackPressureHandlerFactory> limits) {
		BackPressureHandlerFactory library = BackPressureHandlerFactories.adaptiveThroughputBackPressureHandler();
		if (limits.isEmpty()) {
			return library;
		}
		List<BackPressureHandlerFactory> all = new ArrayList<>();
		all.add(library);
		all.addAll(limits);
		return BackPressureHandlerFactories.compositeBackPressureHandler(all);
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
