package io.bookingdemo.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import net.ttddyy.observation.tracing.DataSourceBaseContext;
import net.ttddyy.observation.tracing.QueryTracingObservationHandler;

/**
 * The spans of SQL statements, ended by {@link MessageTracing} so that each carries the
 * message group of the business operation it belongs to.
 */
class StatementSpans extends QueryTracingObservationHandler {

	private final MessageTracing tracing;

	StatementSpans(Tracer tracer, MessageTracing tracing) {
		super(tracer);
		this.tracing = tracing;
	}

	@Override
	public void endSpan(DataSourceBaseContext context, Span span) {
		getTracingContext(context).close();
		this.tracing.endStatement(span);
	}

}
