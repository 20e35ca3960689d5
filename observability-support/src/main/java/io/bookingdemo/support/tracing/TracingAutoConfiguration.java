package io.bookingdemo.support.tracing;

import java.time.Clock;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import net.ttddyy.observation.tracing.DataSourceBaseContext;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.MessagingSupportAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.ConditionalOnEnabledTracingExport;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.util.function.SingletonSupplier;

/**
 * The {@link MessageTracing} the outbox, its relay and the consumer share, and the spans
 * of the SQL statements run inside a trace; it records nothing where the service has no
 * tracer.
 */
@AutoConfiguration(after = MessagingSupportAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
public class TracingAutoConfiguration {

	// A statement's context is a sender context: Boot's handler of every sender context
	// (order 2000) would take it ahead of datasource-micrometer's own, and only the first
	// tracing handler that supports a context is called.
	private static final int STATEMENT_SPANS_ORDER = MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER
			- 1;

	@Bean
	MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
			MessagingProperties properties, Clock clock) {
		return new MessageTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
				propagator.getIfAvailable(() -> Propagator.NOOP), properties.tracing().groupTag(), clock);
	}

	/**
	 * Observes an SQL statement only inside a span: the relay's polls, the scheduled
	 * jobs, the metrics' queries and Flyway would each start a trace of their own.
	 * @param tracer the tracer, if the service has one
	 * @return the predicate
	 */
	@Bean
	ObservationPredicate statementsOnlyInsideSpans(ObjectProvider<Tracer> tracer) {
		SingletonSupplier<Tracer> current = SingletonSupplier.of(() -> tracer.getIfAvailable(() -> Tracer.NOOP));
		return (name, context) -> !(context instanceof DataSourceBaseContext) || current.obtain().currentSpan() != null;
	}

	@Bean
	@Order(STATEMENT_SPANS_ORDER)
	@ConditionalOnBean(Tracer.class)
	@ConditionalOnEnabledTracingExport
	StatementSpans statementSpans(Tracer tracer, MessageTracing tracing) {
		return new StatementSpans(tracer, tracing);
	}

}
