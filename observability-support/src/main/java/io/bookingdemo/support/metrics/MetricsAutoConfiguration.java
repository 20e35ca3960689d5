package io.bookingdemo.support.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The messaging metrics: {@code sqs_queue_messages} for the queue the service reads and
 * the queues its topic fans out to, and the per-event counters, timers and age of every
 * message its listeners process, the deliveries the broker made out of order or twice,
 * and {@code sqs_queue_consumers}, which counts the instances that read each queue.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class)
public class MetricsAutoConfiguration {

	@Bean
	EventMetrics eventMetrics(MeterRegistry registry, Clock clock) {
		return new EventMetrics(registry, clock);
	}

	@Bean
	DeliveryOrderMetrics deliveryOrderMetrics(MeterRegistry registry) {
		return new DeliveryOrderMetrics(registry);
	}

	@Bean
	QueueDepthMetrics queueDepthMetrics(SqsAsyncClient sqs, ObjectProvider<SnsClient> sns, MeterRegistry registry,
			JsonMapper json, MessagingProperties properties) {
		return new QueueDepthMetrics(sqs, (properties.topic() != null) ? sns.getObject() : null, registry, json,
				properties.queue(), properties.topic(), properties.metrics().refresh());
	}

	@Bean
	QueueConsumerMetrics queueConsumerMetrics(MessagingProperties properties) {
		return new QueueConsumerMetrics(properties.queue());
	}

}
