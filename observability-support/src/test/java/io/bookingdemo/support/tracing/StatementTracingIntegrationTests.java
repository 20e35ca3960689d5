package io.bookingdemo.support.tracing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import org.junit.jupiter.api.Test;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.outbox.Outbox;
import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQL statements in the trace of the business operation that runs them: a span each,
 * child of the span it runs in and tagged with the message group, and none at all for a
 * statement run outside any span.
 */
class StatementTracingIntegrationTests extends IntegrationTestSupport {

	private static final AttributeKey<String> GROUP = AttributeKey.stringKey("message.group");

	private static final AttributeKey<String> QUERY = AttributeKey.stringKey("jdbc.query[0]");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private Tracer tracer;

	@Autowired
	private MessageTracing tracing;

	@Autowired
	private Outbox outbox;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MessagingProperties properties;

	@Test
	void aStatementRunWhileAMessageIsHandledIsAChildOfItsSpanTaggedWithItsGroup() {
		String group = UUID.randomUUID().toString();
		String sql = "select count(*) from outbox_events where message_group = ? and event_type = 'handled'";
		Span handling = this.tracing.process("process Test", (name) -> null, group, UUID.randomUUID().toString(), null,
				() -> {
					this.jdbc.sql(sql).param(group).query(Long.class).single();
					return this.tracer.currentSpan();
				});

		SpanData statement = awaitStatement(sql, handling.context().traceId());
		assertThat(statement.getName()).isEqualTo("query");
		assertThat(statement.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(statement.getParentSpanId()).isEqualTo(handling.context().spanId());
		assertThat(statement.getAttributes().get(GROUP)).isEqualTo(group);
		assertThat(statement.getAttributes().asMap().keySet()).as("no bind values")
			.noneMatch((key) -> key.getKey().startsWith("jdbc.params"));
		assertThat(statementSpans(sql)).as("one span per statement").hasSize(1);
	}

	@Test
	void aRequestsStatementsBeforeItsEventAreTaggedWithTheEventsGroup() {
		WidgetShipped event = WidgetShipped.aWidgetShipped("12.50");
		String sql = "select count(*) from outbox_events where event_type = 'before the event'";
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			this.transaction.executeWithoutResult((status) -> {
				this.jdbc.sql(sql).query(Long.class).single();
				this.outbox.append(event);
			});
		}
		finally {
			request.end();
		}

		SpanData statement = awaitStatement(sql, request.context().traceId());
		assertThat(statement.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(statement.getAttributes().get(GROUP)).isEqualTo(event.widgetId().toString());
		assertThat(statement.getEndEpochNanos()).isGreaterThanOrEqualTo(statement.getStartEpochNanos());
		assertThat(awaitStatement("insert into outbox_events", request.context().traceId()).getAttributes().get(GROUP))
			.isEqualTo(event.widgetId().toString());
	}

	@Test
	void aStatementOutsideAnySpanMakesNoSpan() {
		String untraced = "select count(*) from outbox_events where event_type = 'outside any span'";
		String traced = "select count(*) from outbox_events where event_type = 'inside a span'";
		this.jdbc.sql(untraced).query(Long.class).single();
		this.transaction.executeWithoutResult((status) -> this.jdbc.sql(untraced).query(Long.class).single());
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			this.jdbc.sql(traced).query(Long.class).single();
		}
		finally {
			request.end();
		}

		// Spans are exported in the order they end: the untraced statements' would come
		// first.
		awaitStatement(traced, request.context().traceId());
		assertThat(statementSpans(untraced)).isEmpty();
	}

	@Test
	void recordsNoTimerAndKeepsThePoolsTimeoutsBehindTheProxy() {
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			this.jdbc.sql("select 1").query(Integer.class).single();
		}
		finally {
			request.end();
		}
		assertThat(this.meters.find("jdbc.query").meters()).isEmpty();
		assertThat(this.dataSource).isInstanceOf(ProxyJdbcObject.class);
		assertThat(this.jdbc
			.sql("select (extract(epoch from current_setting('statement_timeout')::interval) * 1000)::bigint")
			.query(Long.class)
			.single()).isEqualTo(this.properties.database().statementTimeout().toMillis());
	}

	private SpanData awaitStatement(String sql, String traceId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> statementSpans(sql).stream().filter((span) -> span.getTraceId().equals(traceId)).findFirst(),
					(found) -> found.isPresent())
			.orElseThrow();
	}

	private List<SpanData> statementSpans(String sql) {
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getAttributes().get(QUERY) != null
					&& span.getAttributes().get(QUERY).startsWith(sql))
			.toList();
	}

}
