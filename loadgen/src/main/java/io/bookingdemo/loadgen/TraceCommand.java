package io.bookingdemo.loadgen;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints one booking's trace from Zipkin, found by the {@code booking.id} tag the
 * services put on their spans, as an indented tree, followed by the trace's address in
 * Zipkin's UI.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
		description = "Print a booking's trace from Zipkin as an indented tree (service, span, start offset, duration) and its URL.")
final class TraceCommand implements Callable<Integer> {

	@Parameters(index = "0", description = "the booking's id")
	UUID bookingId;

	@Option(names = "--zipkin", defaultValue = "http://127.0.0.1:${sys:ZIPKIN_PORT}",
			description = "Zipkin's base address (default: ${DEFAULT-VALUE})")
	URI zipkin;

	@Option(names = "--lookback", defaultValue = "PT24H",
			description = "how far back to look for the booking's spans (default: ${DEFAULT-VALUE})")
	Duration lookback;

	@Option(names = "--wait", defaultValue = "PT0S",
			description = "how long to wait for the trace to appear with --services services (default: ${DEFAULT-VALUE})")
	Duration wait;

	@Option(names = "--services", defaultValue = "1",
			description = "the number of services the trace must have spans from before --wait ends (default: ${DEFAULT-VALUE})")
	int services;

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public Integer call() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		long deadline = System.nanoTime() + this.wait.toNanos();
		List<TraceTree> traces;
		while (true) {
			traces = fetch(http);
			if (servicesSeen(traces) >= this.services || System.nanoTime() >= deadline) {
				break;
			}
			// Spans reach Zipkin in batches a second or so apart; a consumer's come
			// later.
			Thread.sleep(500);
		}
		if (traces.isEmpty()) {
			System.err.printf("no trace in Zipkin (%s) has a span tagged booking.id=%s%n", this.zipkin, this.bookingId);
			return 1;
		}
		for (TraceTree trace : traces) {
			System.out.print(trace.render());
			System.out.println(uiAddress(this.zipkin, trace.traceId()));
		}
		return (servicesSeen(traces) >= this.services) ? 0 : 1;
	}

	private List<TraceTree> fetch(HttpClient http) throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(query(this.zipkin, this.bookingId, this.lookback))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
		}
		List<TraceTree> traces = new ArrayList<>();
		for (JsonNode trace : this.json.readTree(response.body())) {
			if (!trace.isEmpty()) {
				traces.add(TraceTree.of(trace));
			}
		}
		traces.sort(Comparator.comparingLong(TraceTree::startMicros));
		return traces;
	}

	private static int servicesSeen(List<TraceTree> traces) {
		return traces.stream().mapToInt((trace) -> trace.services().size()).max().orElse(0);
	}

	/**
	 * The search for every trace with a span tagged with the booking's id.
	 */
	static URI query(URI zipkin, UUID bookingId, Duration lookback) {
		String annotation = URLEncoder.encode("booking.id=" + bookingId, StandardCharsets.UTF_8);
		return URI.create(base(zipkin) + "/api/v2/traces?annotationQuery=" + annotation + "&lookback="
				+ lookback.toMillis() + "&limit=10");
	}

	static URI uiAddress(URI zipkin, String traceId) {
		return URI.create(base(zipkin) + "/zipkin/traces/" + traceId);
	}

	private static String base(URI zipkin) {
		String text = zipkin.toString();
		return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
	}

}
