package io.bookingdemo.loadgen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * One trace as Zipkin's v2 API returns it (a JSON array of spans), arranged as a tree of
 * spans under their parents, each with its start relative to the trace's first span.
 */
final class TraceTree {

	// What a statement did to which table: the verb and the table written, or the first
	// table read.
	private static final Pattern STATEMENT = Pattern.compile(
			"^\\s*(?:(insert\\s+into|update|delete\\s+from)\\s+([\\w.]+)|select\\b.*?\\bfrom\\s+([\\w.]+))",
			Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

	private final String traceId;

	private final long startMicros;

	private final List<Line> lines;

	private TraceTree(String traceId, long startMicros, List<Line> lines) {
		this.traceId = traceId;
		this.startMicros = startMicros;
		this.lines = lines;
	}

	/**
	 * Arranges a trace's spans: roots (no parent, or a parent Zipkin did not receive)
	 * first, each followed by its children, siblings in the order they started.
	 */
	static TraceTree of(JsonNode spans) {
		List<Span> all = new ArrayList<>();
		for (JsonNode span : spans) {
			all.add(new Span(span.path("id").asString(""), span.path("parentId").asString(""),
					span.path("localEndpoint").path("serviceName").asString("?"),
					name(span.path("name").asString(""), span.path("tags").path("jdbc.query[0]").asString("")),
					span.path("timestamp").asLong(0), span.path("duration").asLong(0)));
		}
		if (all.isEmpty()) {
			throw new IllegalArgumentException("a trace without spans");
		}
		Comparator<Span> byStart = Comparator.comparingLong(Span::timestampMicros).thenComparing(Span::service);
		all.sort(byStart);
		Set<String> ids = new LinkedHashSet<>();
		all.forEach((span) -> ids.add(span.id()));
		Map<String, List<Span>> children = new HashMap<>();
		List<Span> roots = new ArrayList<>();
		for (Span span : all) {
			if (span.parentId().isEmpty() || !ids.contains(span.parentId()) || span.parentId().equals(span.id())) {
				roots.add(span);
			}
			else {
				children.computeIfAbsent(span.parentId(), (parent) -> new ArrayList<>()).add(span);
			}
		}
		long start = all.get(0).timestampMicros();
		List<Line> lines = new ArrayList<>();
		for (Span root : roots) {
			add(root, 0, start, children, lines, new LinkedHashSet<>());
		}
		return new TraceTree(spans.get(0).path("traceId").asString(""), start, lines);
	}

	// A statement's span is named "query" whatever it does: its label adds what it did.
	static String name(String name, String statement) {
		Matcher matcher = STATEMENT.matcher(statement);
		if (!matcher.find()) {
			return name;
		}
		String verb = (matcher.group(1) != null) ? matcher.group(1) : "select from";
		String table = (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
		return name + ": " + verb.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT) + " "
				+ table.toLowerCase(Locale.ROOT);
	}

	// The path guards against a cycle in malformed input, which would otherwise recurse
	// for ever.
	private static void add(Span span, int depth, long start, Map<String, List<Span>> children, List<Line> lines,
			Set<String> path) {
		lines.add(new Line(depth, span.service(), span.name(), (span.timestampMicros() - start) / 1000.0,
				span.durationMicros() / 1000.0));
		if (!path.add(span.id())) {
			return;
		}
		for (Span child : children.getOrDefault(span.id(), List.of())) {
			add(child, depth + 1, start, children, lines, path);
		}
		path.remove(span.id());
	}

	String traceId() {
		return this.traceId;
	}

	/**
	 * When the first span started, in microseconds since the epoch.
	 */
	long startMicros() {
		return this.startMicros;
	}

	List<Line> lines() {
		return this.lines;
	}

	/**
	 * The services that sent spans, in the order of their first span.
	 */
	Set<String> services() {
		Set<String> services = new LinkedHashSet<>();
		this.lines.stream()
			.sorted(Comparator.comparingDouble(Line::startMs))
			.forEach((line) -> services.add(line.service()));
		return services;
	}

	double durationMs() {
		return this.lines.stream().mapToDouble((line) -> line.startMs() + line.durationMs()).max().orElse(0);
	}

	/**
	 * The tree as text: each span indented under its parent, with its service and name,
	 * then its start offset and duration in aligned columns.
	 */
	String render() {
		List<String> labels = new ArrayList<>();
		for (Line line : this.lines) {
			labels.add("  ".repeat(line.depth()) + line.service() + "  " + line.name());
		}
		int width = Math.max("service  span".length(), labels.stream().mapToInt(String::length).max().orElse(0));
		StringBuilder text = new StringBuilder();
		text.append(String.format("trace %s: %d spans from %d services in %.1f ms%n", this.traceId, this.lines.size(),
				services().size(), durationMs()));
		text.append(String.format("%-" + width + "s  %10s  %11s%n", "service  span", "start ms", "duration ms"));
		for (int i = 0; i < this.lines.size(); i++) {
			Line line = this.lines.get(i);
			text.append(String.format("%-" + width + "s  %10.1f  %11.1f%n", labels.get(i), line.startMs(),
					line.durationMs()));
		}
		return text.toString();
	}

	/**
	 * One span of the tree: how deep under its root, what sent it, and when it started
	 * after the trace's first span.
	 */
	record Line(int depth, String service, String name, double startMs, double durationMs) {
	}

	private record Span(String id, String parentId, String service, String name, long timestampMicros,
			long durationMicros) {
	}

}
