package io.bookingdemo.support.consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

/**
 * The limits the listeners run within, contributed to the container factory of
 * {@link ListenerAutoConfiguration} as an interceptor and a back-pressure handler: the
 * visibility heartbeat of a message still being processed, and the cap on the messages an
 * instance receives per second.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class)
public class ListenerLimitsAutoConfiguration {

	@Bean
	VisibilityHeartbeat visibilityHeartbeat(MessagingProperties properties, MeterRegistry registry) {
		MessagingProperties.Heartbeat heartbeat = properties.listener().heartbeat();
		return new VisibilityHeartbeat(heartbeat.interval(), heartbeat.extension(), heartbeat.maxProcessingTime(),
				registry);
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

}
