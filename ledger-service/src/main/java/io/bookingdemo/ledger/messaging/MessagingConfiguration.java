package io.bookingdemo.ledger.messaging;

import java.time.Duration;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.awspring.cloud.sqs.listener.errorhandler.ExponentialBackoffErrorHandler;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQS listener container: long polling, acknowledgement on success only, and an
 * exponential visibility backoff for failed messages until the redrive policy moves them
 * to the dead-letter queue.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	@Bean
	SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient sqsAsyncClient,
			LedgerProperties properties, ObservationRegistry observationRegistry,
			EventMetricsInterceptor eventMetrics) {
		LedgerProperties.Retry retry = properties.retry();
		// Acknowledgement is immediate: Spring Cloud AWS 4.1.0 fails a whole batch when
		// one message is delivered twice inside it (awspring issue 1634) and drops fewer
		// than 10 pending acknowledgements at shutdown (issue 1661).
		return SqsMessageListenerContainerFactory.builder()
			.sqsAsyncClient(sqsAsyncClient)
			.errorHandler(ExponentialBackoffErrorHandler.builder()
				.initialVisibilityTimeoutSeconds(seconds(retry.initialBackoff()))
				.multiplier(retry.multiplier())
				.maxVisibilityTimeoutSeconds(seconds(retry.maxBackoff()))
				.build())
			.messageInterceptor(eventMetrics)
			.configure((options) -> options.maxMessagesPerPoll(10)
				.pollTimeout(Duration.ofSeconds(20))
				.acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
				.acknowledgementInterval(Duration.ZERO)
				.acknowledgementThreshold(0)
				.queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
				.observationRegistry(observationRegistry))
			.build();
	}

	private static int seconds(Duration duration) {
		return Math.toIntExact(duration.toSeconds());
	}

}
