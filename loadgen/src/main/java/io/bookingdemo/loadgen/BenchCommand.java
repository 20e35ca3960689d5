package io.bookingdemo.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark of BENCHMARKS.md on the local demo: the database's ceiling, the API's
 * ingest with the consumers stopped, the null pipeline, the highest sustained saga rate
 * on standard then on FIFO topics and queues, the demo's memory and what tracing costs;
 * each measurement a run of this generator of its own, the demo driven through its
 * launcher, the figures summarised side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = "Measure the ceiling, API ingest, the null pipeline and the sustained saga in both modes (BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {

	private static final List<String> CONSUMERS = List.of("payment-service", "ledger-service", "notification-service");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	@Option(names = "--seconds", defaultValue = "${env:BENCH_SECONDS:-20}",
			description = "length of each saga run at one rate (default: ${DEFAULT-VALUE}, or BENCH_SECONDS)")
	int seconds;

	@Option(names = "--start-rate", defaultValue = "${env:BENCH_START_RATE:-40}",
			description = "the saga search's first rate, per second (default: ${DEFAULT-VALUE}, or BENCH_START_RATE)")
	int startRate;

	@Option(names = "--tracing", split = ",", defaultValue = "900,30,2", paramLabel = "N,RATE,ROUNDS",
			description = "the tracing comparison: bookings, rate, rounds (default: ${DEFAULT-VALUE}); 0 skips it")
	List<Integer> tracing;

	@Option(names = "--root", defaultValue = ".", description = "the project's directory (default: the current one)")
	Path root;

	@Override
	public Integer call() throws Exception {
		Demo demo = new Demo(this.root, DemoSettings.of(this.root));
		demo.upIn("standard");
		Path dir = demo.state()
			.resolve("bench")
			.resolve(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")));
		Files.createDirectories(dir);
		String machine = "date: "
				+ ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
				+ "\nmachine: " + machineLine() + "\n";
		System.out.print(machine);
		Files.writeString(dir.resolve("machine.txt"), machine);

		heading("1. ceiling: booking + outbox rows straight into PostgreSQL (scratch copies, 16 threads)");
		loadgen(List.of("ceiling", "--threads", "16", "--out", dir.resolve("ceiling.json").toString()));

		heading("2. API ingest, consumers stopped");
		demo.launcher(command("stop", CONSUMERS));
		if (loadgen(List.of("probe", "--connections", "16", "--out", dir.resolve("generator.json").toString())) != 0) {
			System.out.println("(the generator's probe failed)");
		}
		// A longer warm-up than the default: the API runs C1 only and is measured right
		// after its start.
		loadgen(with(demo, "ingest", "--connections", "16", "--warmup", "PT20S", "--out",
				dir.resolve("ingest.json").toString()));
		long accepted = JSON.readTree(dir.resolve("ingest.json").toFile()).path("accepted").asLong();

		heading("3. null pipeline: receive + delete only, on the consumers' queues (" + accepted + " bookings)");
		if (loadgen(with(demo, "drain", "--expect", String.valueOf(accepted), "--out",
				dir.resolve("drain.json").toString())) != 0) {
			System.out.println("(the drain did not receive every message)");
		}

		heading("4. the whole saga, sustained, on standard topics and queues: the highest rate at which every consumer keeps up");
		if (!demo.launcher(command("start", CONSUMERS))) {
			throw new IllegalStateException("the consumers did not start again; see .demo/logs");
		}
		search(demo, dir.resolve("standard"));

		heading("memory (proportional set size)");
		memory(demo, dir.resolve("memory.json"));

		heading("tracing off and on, side by side: CPU per booking at 30/s, two rounds");
		if (this.tracing.get(0) > 0 && Demo.run(
				new ProcessBuilder(Stream
					.concat(Stream.of(this.root.resolve("benchmarks/tracing.sh").toString()),
							this.tracing.stream().map(String::valueOf))
					.toList()).inheritIO()) != 0) {
			System.out.println("(the tracing comparison failed)");
		}

		heading("5. the same saga on FIFO topics and queues (the demo restarts in fifo mode)");
		demo.upIn("fifo");
		search(demo, dir.resolve("fifo"));

		BenchSummary.write(dir, System.out);
		System.out
			.println("   the demo now runs in fifo mode; ./demo.sh down, then ./demo.sh up, to return to standard");
		return 0;
	}

	// The sustained saga in the running demo's mode: after a warm-up run that is not
	// counted (the services' JIT compilers are cold after a start), the highest rate
	// sustained, then the end-to-end latency at half that rate. Writes the runs and the
	// rate found (file best) into the directory.
	private void search(Demo demo, Path dir) throws IOException {
		Files.createDirectories(dir);
		System.out.println("-- warm-up, not counted");
		saga(demo, this.startRate / 2, 10, dir.resolve("warm-up"), false);
		int best = new SagaSearch(System.out).highest(this.startRate,
				(rate) -> saga(demo, rate, this.seconds, dir, true));
		if (best > 0) {
			int half = Math.max(best / 2, 1);
			System.out.println("-- end to end at half the sustained rate");
			saga(demo, half, this.seconds, dir, true);
			copy(dir.resolve("saga-" + half), dir.resolve("saga-half"));
		}
		Files.writeString(dir.resolve("best"), best + "\n");
	}

	// One saga run at a rate, its report's last lines shown; whether it was sustained.
	private boolean saga(Demo demo, int rate, int runSeconds, Path dir, boolean shown) {
		List<String> arguments = with(demo, "load", "--count", String.valueOf((long) rate * runSeconds), "--rate",
				String.valueOf(rate), "--run", "bench" + rate + ThreadLocalRandom.current().nextInt(32768), "--out",
				dir.resolve("saga-" + rate).toString(), "--wait", "PT" + (60 + runSeconds * 2) + "S");
		if (shown) {
			System.out.println("-- saga at " + rate + "/s for " + runSeconds + " s");
		}
		List<String> output = new ArrayList<>();
		run(arguments, output);
		if (shown) {
			List<String> lines = output.stream().filter((line) -> !line.isBlank()).toList();
			lines.subList(Math.max(0, lines.size() - 12), lines.size()).forEach(System.out::println);
		}
		Path report = dir.resolve("saga-" + rate).resolve("report.json");
		try {
			return Files.exists(report)
					&& SagaSearch.sustained(JSON.readTree(report.toFile()), SagaSearch.slack(runSeconds));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void memory(Demo demo, Path file) throws IOException {
		ObjectNode components = JSON.createObjectNode();
		long total = 0;
		for (Map.Entry<String, Long> component : demo.memory().entrySet()) {
			if (component.getValue() == 0) {
				continue;
			}
			total += component.getValue();
			System.out.printf("   %-22s %6d MiB%n", component.getKey(), component.getValue() / 1024);
			components.put(component.getKey(), component.getValue() / 1024);
		}
		System.out.printf("   %-22s %6d MiB%n", "whole demo", total / 1024);
		ObjectNode memory = JSON.createObjectNode();
		memory.set("components", components);
		memory.put("totalMiB", total / 1024);
		JSON.writeValue(file.toFile(), memory);
	}

	private static List<String> with(Demo demo, String... arguments) {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.add("--cpu-of");
		all.add(demo.root().toString());
		return all;
	}

	private static String[] command(String verb, List<String> services) {
		return Stream.concat(Stream.of(verb), services.stream()).toArray(String[]::new);
	}

	private static void heading(String title) {
		System.out.println();
		System.out.println("== " + title);
	}

	// Each measurement in a generator of its own, as a user would run it: its JIT starts
	// cold and its CPU time is its own.
	private static int loadgen(List<String> arguments) {
		return Demo.run(new ProcessBuilder(javaCommand(arguments)).inheritIO());
	}

	private static int run(List<String> arguments, List<String> output) {
		ProcessBuilder builder = new ProcessBuilder(javaCommand(arguments)).redirectErrorStream(true);
		try {
			Process process = builder.start();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				reader.lines().forEach(output::add);
			}
			return process.waitFor();
		}
		catch (IOException ex) {
			output.add("could not run the load generator: " + ex.getMessage());
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static List<String> javaCommand(List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx512m");
		command.add("-jar");
		command.add(System.getProperty("java.class.path"));
		command.addAll(arguments);
		return command;
	}

	static String machineLine() throws IOException {
		String model = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("");
		long kib = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElse(0);
		return String.format("%d cores, %s, %.0f GiB RAM", Runtime.getRuntime().availableProcessors(), model,
				kib / 1048576.0);
	}

	private static void copy(Path from, Path to) throws IOException {
		if (!Files.isDirectory(from)) {
			return;
		}
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
