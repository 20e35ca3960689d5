package io.bookingdemo.support.tracing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TracingDefaultsTests {

	@Test
	void exportsOverOtlpOnlyWhenAnEndpointIsGiven() {
		assertThat(processed(Map.of("messaging.tracing.otlp-endpoint", " "))
			.containsProperty(TracingDefaults.OTLP_PROPERTY)).isFalse();
		assertThat(processed(Map.of("messaging.tracing.otlp-endpoint", "http://127.0.0.1:4318/v1/traces"))
			.getProperty(TracingDefaults.OTLP_PROPERTY)).isEqualTo("http://127.0.0.1:4318/v1/traces");
	}

	@Test
	void logsTheGroupBesideTheTraceAndSpanUnlessTheServiceSetsItsOwnPattern() {
		assertThat(processed(Map.of("messaging.tracing.group-tag", "booking.id"))
			.getProperty(TracingDefaults.CORRELATION_PROPERTY)).contains("%X{booking.id:-}").contains("%X{traceId:-}");
		assertThat(processed(Map.of(TracingDefaults.CORRELATION_PROPERTY, "[own] "))
			.getProperty(TracingDefaults.CORRELATION_PROPERTY)).isEqualTo("[own] ");
	}

	@Test
	void keepsExemplarsOffASummarysCountWhichPrometheusRefusesUnlessTheServiceDecides() {
		assertThat(processed(Map.of()).getProperty(TracingDefaults.EXEMPLARS_PROPERTY)).isEqualTo("false");
		assertThat(processed(Map.of(TracingDefaults.EXEMPLARS_PROPERTY, "true"))
			.getProperty(TracingDefaults.EXEMPLARS_PROPERTY)).isEqualTo("true");
	}

	@Test
	void tracesOnlyStatementsWithoutTheirValuesAndOnlyWhenAskedTo() {
		StandardEnvironment defaults = processed(Map.of());
		assertThat(defaults.getProperty("jdbc.includes")).isEqualTo("query");
		assertThat(defaults.getProperty("jdbc.datasource-proxy.include-parameter-values")).isEqualTo("false");
		assertThat(defaults.getProperty("management.metrics.enable.jdbc.query")).isEqualTo("false");
		assertThat(defaults.getProperty(TracingDefaults.JDBC_PROXY_PROPERTY)).isEqualTo("false");
		assertThat(processed(Map.of("messaging.tracing.statements", "true"))
			.getProperty(TracingDefaults.JDBC_PROXY_PROPERTY)).isEqualTo("true");
		assertThat(processed(Map.of("jdbc.includes", "query,connection")).getProperty("jdbc.includes"))
			.isEqualTo("query,connection");
	}

	private static StandardEnvironment processed(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new TracingDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
