package io.bookingdemo.support.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
	 * dead-letter queue. On a FIFO queue (its name ends in {@code .fifo}) Spring Cloud
	 * AWS switches to its FIFO components with these same settings: each message group's
	 * messages are processed one after the other, groups in parallel, and a failing
	 * message's backoff holds only its own group, until it is dead-lettered.
	 * @param sqs the SQS client
	 * @param properties the messaging settings
	 * @param observations where the listener's observations go
	 * @param interceptors the interceptors to run around each message, the metrics among
	 * them
	 * @param pause the pause of the listeners while the database is out of reach
	 * @param backPressure the back-pressure handlers to apply after the container's
	 * default concurrency limit, the pause and the rate cap among them
	 * @return the factory
	 */
	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqs,
			MessagingProperties properties, ObservationRegistry observations,
			ObjectProvider<MessageInterceptor<Object>> interceptors, ListenerPause pause,
			ObjectProvider<BackPressureHandlerFactory> backPressure) {
		MessagingProperties.Listener listener = properties.listener();
		MessagingProperties.Retry retry = listener.retry();
		SqsMessageListenerContainerFactory.Builder<Object> factory = SqsMessageListenerContainerFactory.builder()
			.sqsAsyncClient(sqs)
			.errorHandler(new DatabaseOutageErrorHandler(pause,
					ExponentialBackoffErrorHandler.builder()
						.initialVisibilityTimeoutSeconds(seconds(retry.initialBackoff()))
						.multiplier(retry.multiplier())
						.maxVisibilityTimeoutSeconds(seconds(retry.maxBackoff()))
						.build(),
					listener.outage().redeliveryDelay()));
		interceptors.orderedStream().forEach(factory::messageInterceptor);
		// The container's default handlers (its concurrency limit and adaptive
		// throughput,
		// as in BackPressureMode.AUTO) in one flat chain with the others: a nested
		// composite would wait out a second delay between polls whenever it grants none.
		List<BackPressureHandlerFactory> backPressureHandlers = new ArrayList<>(
				List.of(BackPressureHandlerFactories.concurrencyLimiterBackPressureHandler(),
						BackPressureHandlerFactories.throughputBackPressureHandler()));
		backPressure.orderedStream().forEach(backPressureHandlers::add);
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
				.backPressureHandlerFactory(
						BackPressureHandlerFactories.compositeBackPressureHandler(backPressureHandlers))
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
	ProcessedEvents processedEvents(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock,
			ListenerPause pause, ObjectProvider<MeterRegistry> registry) {
		return new ProcessedEvents(jdbc, new TransactionTemplate(transactionManager), clock, pause,
				registry.getIfUnique(SimpleMeterRegistry::new));
	}

	@Bean
	ListenerPause listenerPause(DataSource dataSource, MessagingProperties properties, Clock clock,
			MeterRegistry registry) {
		return new ListenerPause(dataSource, properties.listener().outage().probeInterval(), clock, registry);
	}

	@Bean
	VisibilityHeartbeat visibilityHeartbeat(MessagingProperties properties) {
		MessagingProperties.Heartbeat heartbeat = properties.listener().heartbeat();
		return new VisibilityHeartbeat(heartbeat.interval(), heartbeat.extension());
	}

	@Bean
	BackPressureHandlerFactory pausingBackPressureHandler(ListenerPause pause) {
		return (options) -> new PausingBackPressureHandler(pause, options.getMaxDelayBetweenPolls());
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
