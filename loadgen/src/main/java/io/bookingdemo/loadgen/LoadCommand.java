package io.bookingdemo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import io.bookingdemo.loadgen.BookingSystem.Accepted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends valid bookings at a fixed rate (open loop), then follows them to every running
 * consumer and reports the API's latencies, each consumer's end-to-end times and
 * exactly-once counts, and the run over time as JSON and a chart.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
		description = "Send N bookings at RATE per second (open loop), wait for every running consumer, report.")
final class LoadCommand implements Callable<Integer> {

	@Mixin
	Targets targets;

	@Mixin
	ProcessCpu cpu;

	@Option(names = { "-n", "--count" }, required = true, description = "bookings to send")
	long count;

	@Option(names = { "-r", "--rate" }, defaultValue = "20",
			description = "bookings per second (default: ${DEFAULT-VALUE})")
	double rate;

	@Option(names = "--max-duration", defaultValue = "PT10M",
			description = "stop sending after this long even if fewer were sent (default: ${DEFAULT-VALUE})")
	Duration maxDuration;

	@Option(names = "--max-in-flight", defaultValue = "1024",
			description = "requests awaiting an answer at most (default: ${DEFAULT-VALUE})")
	int maxInFlight;

	@Option(names = "--wait",
			description = "how long to wait for the consumers at most (default: 60 s + 0.1 s per booking)")
	Duration wait;

	@Option(names = "--no-consumers", description = "do not wait for or count the consumers (API ingest only)")
	boolean noConsumers;

	@Option(names = "--out", defaultValue = "loadgen-report",
			description = "directory of the report and chart (default: ${DEFAULT-VALUE})")
	Path out;

	@Option(names = "--ids", description = "file to write the accepted booking ids to, one per line")
	Path ids;

	@Option(names = "--tokens",
			description = "file to write each accepted booking's id and its customer's token to, one pair per line")
	Path tokens;

	@Option(names = "--run", description = "a name that makes this run's bookings unique (default: the time of day)")
	String run;

	@Override
	public Integer call() throws Exception {
		String runName = (this.run != null) ? this.run : LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
		BookingSystem system = new BookingSystem(this.targets);
		if (!system.ready(Stage.CONFIRMATION)) {
			System.err.println("booking-api is not ready at " + this.targets.api);
			return 2;
		}
		Set<Stage> running = EnumSet.of(Stage.CONFIRMATION);
		if (!this.noConsumers) {
			for (Stage stage : List.of(Stage.PAYMENT, Stage.LEDGER, Stage.NOTIFICATION)) {
				if (system.ready(stage)) {
					running.add(stage);
				}
			}
		}
		Backlog backlog = new Backlog(system,
				List.of(this.targets.api, this.targets.payments, this.targets.ledger, this.targets.notifications));
		ApiStats api = new ApiStats();
		LongAdder sent = new LongAdder();
		ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
		OpenLoop loop = new OpenLoop(this.rate, this.count, this.maxDuration, this.maxInFlight, OpenLoop.Ticker.SYSTEM);
		System.out.printf("sending %d bookings at %.0f/s to %s (open loop)%n", loop.scheduled(), this.rate,
				this.targets.api);
		BookingSystem.Customers customers = system.customers(runName, loop.scheduled());
		Instant startedAt = Instant.now();
		Map<Stage, Instant> finished = Map.of();
		Map<Stage, EndToEnd.Result> results = Map.of();
		Instant lastAccepted;
		List<Accepted> bookings;
		Map<String, Object> cpuPerBooking;
		try (Timeline timeline = new Timeline(api, sent, backlog::read)) {
			Map<String, Double> cpuFrom = this.cpu.snapshot();
			loop.run((index) -> {
				sent.increment();
				return system.book(customers, index, accepted::add);
			}, api, System.nanoTime());
			lastAccepted = Instant.now();
			// Until the demo went quiet: what the checks below cost the services is not
			// the bookings'.
			Map<String, Double> cpuTo = this.cpu.components.isEmpty() ? cpuFrom
					: this.cpu.whenQuiet((this.wait != null) ? this.wait : Duration.ofMinutes(5));
			bookings = accepted.stream().sorted(Comparator.comparingLong(Accepted::index)).toList();
			write(this.ids, bookings.stream().map((booking) -> booking.id().toString()).toList());
			write(this.tokens,
					bookings.stream().map((booking) -> booking.id() + " " + customers.token(booking.index())).toList());
			DemoSettings.Effects effects = DemoSettings.current().effects();
			Map<Stage, Integer> expected = new EnumMap<>(Stage.class);
			for (Stage stage : Stage.values()) {
				int number = this.noConsumers ? 0 : stage.expected(running, effects);
				if (number > 0) {
					expected.put(stage, number);
				}
			}
			EndToEnd endToEnd = new EndToEnd(system, expected);
			boolean awaited = !expected.isEmpty() && !bookings.isEmpty();
			if (awaited) {
				Duration timeout = (this.wait != null) ? this.wait : Duration.ofMillis(60_000 + 100 * bookings.size());
				finished = endToEnd.await(bookings, timeout, timeline::phase);
			}
			cpuPerBooking = ProcessCpu.perUnit(cpuFrom, cpuTo, bookings.size());
			if (awaited) {
				timeline.phase("counting");
				results = endToEnd.count(bookings);
			}
			timeline.phase("done");
			Thread.sleep(1100);
			return report(runName, startedAt, lastAccepted, api, loop.scheduled(), bookings, running, finished, results,
					timeline.samples(), cpuPerBooking);
		}
	}

	private static void write(Path file, List<String> lines) throws IOException {
		if (file == null) {
			return;
		}
		if (file.toAbsolutePath().getParent() != null) {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		Files.write(file, lines);
	}

	private int report(String runName, Instant startedAt, Instant lastAccepted, ApiStats api, long scheduled,
			List<Accepted> bookings, Set<Stage> running, Map<Stage, Instant> finished,
			Map<Stage, EndToEnd.Result> results, List<Timeline.Sample> samples, Map<String, Object> cpuPerBooking)
			throws IOException {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("run", runName);
		report.put("startedAt", startedAt.toString());
		report.put("target", Map.of("api", this.targets.api.toString(), "payments", this.targets.payments.toString(),
				"ledger", this.targets.ledger.toString(), "notifications", this.targets.notifications.toString()));
		report.put("offeredRate", this.rate);
		report.put("scheduled", scheduled);

		double sendingSeconds = Duration.between(startedAt, lastAccepted).toMillis() / 1000.0;
		Map<String, Object> apiReport = new LinkedHashMap<>();
		apiReport.put("sent", api.answered());
		apiReport.put("accepted", api.accepted());
		apiReport.put("refusedByStatus", api.refused());
		apiReport.put("latencyMs", Percentiles.of(api.total(), 1e6));
		apiReport.put("sendLatenessMs", Percentiles.of(api.lateness(), 1e6));
		apiReport.put("seconds", sendingSeconds);
		apiReport.put("acceptedPerSecond", Percentiles.round(api.accepted() / Math.max(sendingSeconds, 0.001)));
		report.put("api", apiReport);

		// The first line keeps the format of the earlier shell generator, which scenarios
		// read.
		System.out.printf("%n%d of %d accepted in %.1f s (%.1f per second); refused: %s%n", api.accepted(),
				api.answered(), sendingSeconds, api.accepted() / Math.max(sendingSeconds, 0.001),
				api.refused().isEmpty() ? "none" : api.refused());
		System.out
			.println("API latency from the scheduled send: " + Percentiles.line(Percentiles.of(api.total(), 1e6)));

		Instant firstAccepted = bookings.stream()
			.map(Accepted::createdAt)
			.min(Comparator.naturalOrder())
			.orElse(startedAt);
		Map<String, Object> consumers = new LinkedHashMap<>();
		boolean complete = !bookings.isEmpty();
		for (Stage stage : Stage.values()) {
			EndToEnd.Result result = results.get(stage);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("service", stage.service());
			entry.put("effect", stage.effect());
			entry.put("running", running.contains(stage));
			if (result == null) {
				consumers.put(stage.key(), entry);
				if (!this.noConsumers && stage != Stage.CONFIRMATION && !running.contains(stage)) {
					System.out.printf("%-21s not running: its bookings wait in its queue%n", stage.service());
				}
				continue;
			}
			Map<String, Object> endToEnd = Percentiles.of(result.endToEnd, 1000);
			double stageSeconds = (result.last != null)
					? Duration.between(firstAccepted, result.last).toMillis() / 1000.0 : Double.NaN;
			entry.put("expectedPerBooking", result.expected);
			entry.put("bookings", bookings.size());
			entry.put("exactlyOnce", result.exactlyOnce);
			entry.put("missing", result.missing);
			entry.put("duplicated", result.duplicated);
			entry.put("unreadable", result.unreadable);
			entry.put("endToEndMs", endToEnd);
			entry.put("finishedSecondsAfterLastAccepted",
					(result.last != null) ? Duration.between(lastAccepted, result.last).toMillis() / 1000.0 : null);
			entry.put("perSecond", (result.last != null) ? Percentiles.round(result.reached() / stageSeconds) : null);
			consumers.put(stage.key(), entry);
			complete &= result.missing == 0 && result.duplicated == 0 && result.unreadable == 0
					&& finished.containsKey(stage);
			System.out.printf("%-21s %s: %d of %d exactly once (%d missing, %d duplicated), %s/s over the run%n",
					stage.service(), stage.effect(), result.exactlyOnce, bookings.size(), result.missing,
					result.duplicated,
					(result.last != null) ? String.format("%.1f", result.reached() / stageSeconds) : "-");
			System.out.printf("%-21s acceptance to effect: %s%s%n", "", Percentiles.line(endToEnd),
					(result.last != null) ? String.format("; last %.1f s after the last acceptance",
							Duration.between(lastAccepted, result.last).toMillis() / 1000.0) : "");
		}
		report.put("consumers", consumers);
		if (!cpuPerBooking.isEmpty()) {
			report.put("cpuMsPerBooking", cpuPerBooking);
			System.out.printf("CPU per booking, from the first request until the demo went quiet: %s%n",
					ProcessCpu.line(cpuPerBooking));
		}
		report.put("series", series(startedAt, samples, results));
		report.put("complete", complete);

		Files.createDirectories(this.out);
		JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
		Path reportFile = this.out.resolve("report.json");
		json.writeValue(reportFile.toFile(), report);
		Path chartFile = this.out.resolve("chart.png");
		Chart.write(chartFile, "load: " + api.answered() + " bookings at " + (long) this.rate + "/s", startedAt,
				samples, results);
		System.out.println("report " + reportFile + ", chart " + chartFile);
		return complete ? 0 : 1;
	}

	private static Map<String, Object> series(Instant startedAt, List<Timeline.Sample> samples,
			Map<Stage, EndToEnd.Result> results) {
		Map<String, Object> series = new LinkedHashMap<>();
		series.put("second", samples.stream().map(Timeline.Sample::second).toList());
		series.put("offered", samples.stream().map(Timeline.Sample::offered).toList());
		series.put("accepted", samples.stream().map(Timeline.Sample::accepted).toList());
		series.put("refused", samples.stream().map(Timeline.Sample::refused).toList());
		series.put("apiP99Ms", samples.stream().map((sample) -> sample.apiP99Ms()).toList());
		Map<String, List<Long>> backlog = new TreeMap<>();
		for (int i = 0; i < samples.size(); i++) {
			for (Map.Entry<String, Long> depth : samples.get(i).backlog().entrySet()) {
				List<Long> values = backlog.computeIfAbsent(depth.getKey(), (queue) -> new ArrayList<>());
				while (values.size() < i) {
					values.add(null);
				}
				values.add(depth.getValue());
			}
		}
		series.put("backlog", backlog);
		Map<String, List<Long>> processed = new LinkedHashMap<>();
		results.forEach((stage, result) -> processed.put(stage.key(), perSecond(startedAt, result.handled)));
		series.put("processedPerSecond", processed);
		return series;
	}

	/**
	 * How many of the instants fall into each whole second after the start.
	 * @param startedAt the start
	 * @param instants the instants
	 * @return counts, index 0 being the first second
	 */
	static List<Long> perSecond(Instant startedAt, List<Instant> instants) {
		List<Long> counts = new ArrayList<>();
		for (Instant instant : instants) {
			int second = (int) Math.max(0, Duration.between(startedAt, instant).toMillis() / 1000);
			while (counts.size() <= second) {
				counts.add(0L);
			}
			counts.set(second, counts.get(second) + 1);
		}
		return counts;
	}

}
