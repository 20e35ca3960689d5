package io.bookingdemo.support.tracing;

import java.time.Clock;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The {@link MessageTracing} the outbox, its relay and the consumer share; it records
 * nothing where the service has no tracer.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
public class TracingAutoConfiguration {

	@Bean
	MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
			MessagingProperties properties, Clock clock) {
		return new MessageTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP), properties.tracing().groupTag(), clock);
	}

}
