package io.bookingdemo.support.tracing;

import java.time.Clock;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.MessagingProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message tracing a service gets with tracing on, as its {@code application.yml} sets
 * it, and with {@code TRACING_ENABLED=false}.
 */
class TracingAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, TracingAutoConfiguration.class))
		.withUserConfiguration(Settings.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withPropertyValues("management.tracing.sampling.probability=1.0", "messaging.tracing.group-tag=booking.id");

	@Test
	void storesTheContextOfTheCurrentSpanWhenTracingIsOn() {
		this.contexts.run((context) -> {
			assertThat(context).hasSingleBean(StatementSpans.class);
			Tracer tracer = context.getBean(Tracer.class);
			Span span = tracer.nextSpan().name("request").start();
			try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
				assertThat(context.getBean(MessageTracing.class).captureFor("b-1").traceParent())
					.startsWith("00-" + span.context().traceId() + "-" + span.context().spanId() + "-");
			}
			finally {
				span.end();
			}
		});
	}

	@Test
	void startsAndStoresNoContextWhenTracingIsOff() {
		this.contexts
			.withPropertyValues("management.tracing.export.enabled=false", "management.opentelemetry.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(MessageTracing.class)
					.doesNotHaveBean(StatementSpans.class);
				Tracer tracer = context.getBeanProvider(Tracer.class).getIfAvailable(() -> Tracer.NOOP);
				Span span = tracer.nextSpan().name("request").start();
				try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
					assertThat(context.getBean(MessageTracing.class).captureFor("b-1").traceParent()).isNull();
				}
				finally {
					span.end();
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MessagingProperties.class)
	static class Settings {

	}

}
