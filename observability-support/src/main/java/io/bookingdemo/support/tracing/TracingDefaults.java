package io.bookingdemo.support.tracing;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The tracing settings every service shares and none repeats in its
 * {@code application.yml}: the OTLP span exporter is turned on only when
 * {@code messaging.tracing.otlp-endpoint} names a collector (Boot creates the exporter
 * whenever its endpoint property is set, even empty); a readable log line carries the
 * message group (the business id) beside the trace and span ids, unless the service sets
 * its own correlation pattern; the Prometheus endpoint puts exemplars (trace ids) only on
 * counters and histogram buckets, where OpenMetrics allows them, not on a summary's
 * count, which Prometheus refuses with the whole scrape; and SQL statements get a span
 * each, without their parameter values and with no timer, when a service asks for them.
 */
class TracingDefaults implements EnvironmentPostProcessor {

	static final String OTLP_SETTING = "messaging.tracing.otlp-endpoint";

	static final String OTLP_PROPERTY = "management.opentelemetry.tracing.export.otlp.endpoint";

	static final String CORRELATION_PROPERTY = "logging.pattern.correlation";

	static final String EXEMPLARS_PROPERTY = "management.prometheus.metrics.export.properties."
			+ "io.prometheus.exporter.exemplarsOnAllMetricTypes";

	static final String JDBC_PROXY_PROPERTY = "jdbc.datasource-proxy.enabled";

	// The statements only: no span for taking a connection or reading a result set, no
	// bind values (they are the business's data), and no jdbc.query timer, which would
	// count only the statements run inside a trace (see TracingAutoConfiguration).
	static final Map<String, String> JDBC_DEFAULTS = Map.of("jdbc.includes", "query",
			"jdbc.datasource-proxy.include-parameter-values", "false", "management.metrics.enable.jdbc.query", "false",
			// Unless asked for, the statements go to the pool unwrapped.
			JDBC_PROXY_PROPERTY, "${messaging.tracing.statements:false}");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new HashMap<>();
		String endpoint = environment.getProperty(OTLP_SETTING);
		if (endpoint != null && !endpoint.isBlank() && !environment.containsProperty(OTLP_PROPERTY)) {
			defaults.put(OTLP_PROPERTY, endpoint.trim());
		}
		if (!environment.containsProperty(CORRELATION_PROPERTY)) {
			String group = environment.getProperty("messaging.tracing.group-tag", "message.group");
			// Outside a trace (start-up, scheduled work) the brackets would hold nothing.
			defaults.put(CORRELATION_PROPERTY,
					"%replace([%X{traceId:-},%X{spanId:-},%X{" + group + ":-}] ){'\\[,,\\] ', ''}");
		}
		if (!environment.containsProperty(EXEMPLARS_PROPERTY)) {
			defaults.put(EXEMPLARS_PROPERTY, "false");
		}
		JDBC_DEFAULTS.forEach((name, value) -> {
			if (!environment.containsProperty(name)) {
				defaults.put(name, value);
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource("messagingTracingDefaults", defaults));
		}
	}

}
