package io.bookingdemo.support.apidocs;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The springdoc settings every service shares, as defaults that a service's own
 * configuration overrides: OpenAPI 3.1, which lets a security requirement name the role
 * it needs, and keys in a stable order, so that the committed copy of a document can be
 * compared with the served one.
 */
class ApiDocsDefaults implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "apiDocsDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(SOURCE_NAME)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(SOURCE_NAME, Map.of("springdoc.api-docs.version", "openapi_3_1",
						"springdoc.writer-with-order-by-keys", "true")));
		}
	}

}
