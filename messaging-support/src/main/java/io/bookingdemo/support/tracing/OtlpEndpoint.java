package io.bookingdemo.support.tracing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns on the OTLP span exporter only when {@code OTLP_TRACES_ENDPOINT} names a
 * collector: Boot creates the exporter whenever its endpoint property is set, even empty,
 * so the endpoint cannot default to nothing in {@code application.yml}.
 */
class OtlpEndpoint implements EnvironmentPostProcessor {

	static final String VARIABLE = "OTLP_TRACES_ENDPOINT";

	static final String PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String endpoint = environment.getProperty(VARIABLE);
		if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("otlpTracesEndpoint", Map.of(PROPERTY, endpoint.trim())));
		}
	}

}
