package io.bookingdemo.loadgen;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's figures in one place: read from the files each step wrote into the
 * run's directory, the ratios between them computed, written as {@code summary.json} and
 * printed, the sustained saga of both messaging modes side by side.
 */
final class BenchSummary {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private BenchSummary() {
	}

	/**
	 * Builds the summary of a run's directory.
	 * @param dir the run's directory
	 * @return the summary, in the order it is printed
	 */
	static ObjectNode of(Path dir) {
		JsonNode ceiling = read(dir.resolve("ceiling.json"));
		JsonNode ingest = read(dir.resolve("ingest.json"));
		JsonNode drain = read(dir.resolve("drain.json"));
		JsonNode memory = read(dir.resolve("memory.json"));
		JsonNode generator = read(dir.resolve("generator.json"));
		ObjectNode standard = mode(dir, "standard");
		ObjectNode fifo = mode(dir, "fifo");
		ObjectNode summary = JSON.createObjectNode();
		summary.set("ceilingPerSecond", value(ceiling.path("perSecond")));
		summary.set("ceilingP99Ms", value(ceiling.path("latencyMs").path("p99")));
		summary.set("generatorPerSecond", value(generator.path("perSecond")));
		summary.set("generatorCpuMsPerRequest", value(generator.path("generatorCpuMsPerRequest")));
		summary.set("ingestPerSecond", value(ingest.path("perSecond")));
		summary.set("ingestHalfRate", value(ingest.path("halfRate")));
		summary.set("ingestHalfRateP99Ms", value(ingest.path("halfRateLatencyMs").path("p99")));
		summary.set("ingestCpuMsPerBooking", value(ingest.path("cpuMsPerBooking")));
		summary.set("nullPipelinePerSecond", value(drain.path("bookingsPerSecond")));
		summary.set("nullPipelineCpuMsPerBooking", value(drain.path("cpuMsPerBooking")));
		summary.set("sagaSustainedPerSecond", standard.get("sustained"));
		summary.set("sagaCpuMsPerBooking", standard.get("cpuMsPerBooking"));
		summary.set("sagaExactlyOnce", standard.get("exactlyOnce"));
		summary.set("sagaHalfRateEndToEndP99Ms", standard.get("halfRateEndToEndP99Ms"));
		summary.set("fifoSagaSustainedPerSecond", fifo.get("sustained"));
		summary.set("fifoSagaCpuMsPerBooking", fifo.get("cpuMsPerBooking"));
		summary.set("fifoSagaExactlyOnce", fifo.get("exactlyOnce"));
		summary.set("fifoSagaHalfRateEndToEndP99Ms", fifo.get("halfRateEndToEndP99Ms"));
		summary.set("memoryMiB", value(memory.path("totalMiB")));
		summary.set("ingestPercentOfCeiling", percent(ingest.path("perSecond"), ceiling.path("perSecond")));
		summary.set("sagaPercentOfNullPipeline", percent(standard.get("sustained"), drain.path("bookingsPerSecond")));
		summary.set("sagaPercentOfIngest", percent(standard.get("sustained"), ingest.path("perSecond")));
		summary.set("fifoSagaPercentOfStandard", percent(fifo.get("sustained"), standard.get("sustained")));
		return summary;
	}

	// A mode's sustained rate (file best), its exactly-once count and CPU at that rate,
	// and the slowest consumer's end-to-end p99 at half that rate.
	private static ObjectNode mode(Path dir, String mode) {
		int best = 0;
		try {
			best = Integer.parseInt(Files.readString(dir.resolve(mode).resolve("best")).trim());
		}
		catch (Exception ex) {
			// The mode was not measured.
		}
		JsonNode sustained = read(dir.resolve(mode).resolve("saga-" + best).resolve("report.json"));
		JsonNode half = read(dir.resolve(mode).resolve("saga-half").resolve("report.json"));
		ObjectNode figures = JSON.createObjectNode();
		figures.put("sustained", best);
		figures.put("exactlyOnce", sustained.path("complete").asBoolean(false));
		figures.set("cpuMsPerBooking", value(sustained.path("cpuMsPerBooking")));
		if (half.isMissingNode()) {
			figures.set("halfRateEndToEndP99Ms", NullNode.getInstance());
		}
		else {
			List<Double> p99s = new ArrayList<>();
			half.path("consumers").forEach((consumer) -> p99s.add(consumer.path("endToEndMs").path("p99").asDouble(0)));
			figures.set("halfRateEndToEndP99Ms", p99s.isEmpty() ? NullNode.getInstance()
					: JSON.getNodeFactory().numberNode(p99s.stream().max(Double::compare).orElseThrow()));
		}
		return figures;
	}

	// a as a percentage of b, to a tenth; none if b is none or zero.
	private static JsonNode percent(JsonNode a, JsonNode b) {
		if (!b.isNumber() || b.asDouble() <= 0 || !a.isNumber()) {
			return NullNode.getInstance();
		}
		return JSON.getNodeFactory().numberNode(Math.round(a.asDouble() / b.asDouble() * 1000) / 10.0);
	}

	private static JsonNode value(JsonNode node) {
		return (node == null || node.isMissingNode()) ? NullNode.getInstance() : node;
	}

	private static JsonNode read(Path file) {
		try {
			return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.missingNode();
		}
		catch (RuntimeException ex) {
			return JSON.missingNode();
		}
	}

	/**
	 * Writes the summary as {@code summary.json} into the run's directory and prints it.
	 * @param dir the run's directory
	 * @param out where to print
	 * @return the summary
	 */
	static ObjectNode write(Path dir, PrintStream out) {
		ObjectNode summary = of(dir);
		JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
		out.println();
		out.println("== summary (" + dir + ")");
		for (Map.Entry<String, JsonNode> entry : summary.properties()) {
			out.println("   " + String.format("%-32s", entry.getKey()) + " " + line(entry.getValue()));
		}
		out.println();
		out.println("   sustained saga, side by side");
		out.println(side("standard", summary, "saga"));
		out.println(side("fifo    ", summary, "fifoSaga"));
		out.println("   fifo / standard: " + text(summary.get("fifoSagaPercentOfStandard")) + " %");
		return summary;
	}

	private static String side(String label, ObjectNode summary, String prefix) {
		return "   " + label + "  " + text(summary.get(prefix + "SustainedPerSecond")) + "/s ("
				+ text(summary.get(prefix + "CpuMsPerBooking").path("total")) + " ms CPU per booking), end-to-end p99 "
				+ text(summary.get(prefix + "HalfRateEndToEndP99Ms")) + " ms at half that rate, exactly once: "
				+ text(summary.get(prefix + "ExactlyOnce"));
	}

	// A value on one line; CPU figures as "TOTAL ms (component figure, ...)".
	private static String line(JsonNode value) {
		if (!value.isObject()) {
			return text(value);
		}
		List<String> parts = new ArrayList<>();
		value.properties().forEach((part) -> {
			if (!part.getKey().equals("total")) {
				parts.add(part.getKey() + " " + text(part.getValue()));
			}
		});
		return text(value.path("total")) + " ms (" + String.join(", ", parts) + ")";
	}

	/**
	 * A JSON value as the report prints it: whole numbers without a decimal point.
	 * @param value the value
	 * @return its text, {@code null} for none
	 */
	static String text(JsonNode value) {
		if (value == null || value.isMissingNode() || value.isNull()) {
			return "null";
		}
		if (value.isNumber()) {
			double number = value.asDouble();
			return (number == Math.rint(number) && Math.abs(number) < 1e15) ? String.valueOf((long) number)
					: String.valueOf(number);
		}
		return value.isString() ? value.asString() : value.toString();
	}

}
