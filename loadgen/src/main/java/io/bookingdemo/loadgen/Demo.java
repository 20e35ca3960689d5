package io.bookingdemo.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The running local demo as the benchmark drives it: its launcher ({@code demo.sh}) for
 * starting and stopping, and its processes, found by the pid files the launcher keeps in
 * {@code .demo/pids}, for their CPU time and memory.
 */
final class Demo {

	private final Path root;

	private final List<String> components;

	Demo(Path root, List<String> components) {
		this.root = root.toAbsolutePath().normalize();
		this.components = components;
	}

	Path state() {
		return this.root.resolve(".demo");
	}

	/**
	 * Runs the launcher with the arguments given, its output discarded.
	 * @param arguments for example {@code stop payment-service}
	 * @return whether it succeeded
	 */
	boolean launcher(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.root.resolve("demo.sh").toString());
		command.addAll(List.of(arguments));
		return run(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.redirectError(ProcessBuilder.Redirect.DISCARD)) == 0;
	}

	/**
	 * Brings the demo up in a messaging mode, taking it down first if it runs in the
	 * other.
	 * @param mode {@code standard} or {@code fifo}
	 */
	void upIn(String mode) {
		Path file = state().resolve("mode");
		try {
			if (Files.exists(file) && !Files.readString(file).trim().equals(mode)) {
				launcher("down");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!launcher("up", "--" + mode)) {
			throw new IllegalStateException("./demo.sh up --" + mode + " failed; see .demo/logs");
		}
	}

	static int run(ProcessBuilder process) {
		try {
			return process.start().waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * The running components' process ids, in the launcher's order: each one's recorded
	 * pid, and for PostgreSQL also its server, which detaches from its launcher and is
	 * found by its data directory.
	 * @return pids by component
	 */
	Map<String, Set<Long>> processes() {
		Map<String, Set<Long>> processes = new LinkedHashMap<>();
		for (String component : this.components) {
			Path file = state().resolve("pids").resolve(component + ".pid");
			try {
				if (!Files.exists(file)) {
					continue;
				}
				long pid = Long.parseLong(Files.readString(file).trim());
				if (ProcessHandle.of(pid).isEmpty()) {
					continue;
				}
				Set<Long> pids = new LinkedHashSet<>(List.of(pid));
				if (component.equals("postgres")) {
					pids.addAll(commandsContaining("-D " + state().resolve("postgres")));
				}
				processes.put(component, pids);
			}
			catch (IOException | NumberFormatException ex) {
				// A component that stopped while its file was read is not running.
			}
		}
		return processes;
	}

	/**
	 * The load generator's options that charge every running component's CPU time.
	 * @return {@code --cpu NAME=PID[,PID...]} for each
	 */
	List<String> cpuOptions() {
		List<String> options = new ArrayList<>();
		processes().forEach((name, pids) -> {
			options.add("--cpu");
			options.add(name + "=" + String.join(",", pids.stream().map(String::valueOf).toList()));
		});
		return options;
	}

	/**
	 * The proportional set size of each running component with every process below it.
	 * @return KiB by component
	 */
	Map<String, Long> memory() {
		Map<Long, Long> parents = new HashMap<>();
		Map<Long, Long> pss = new HashMap<>();
		for (Path process : pidDirectories()) {
			long pid = Long.parseLong(process.getFileName().toString());
			try {
				String stat = Files.readString(process.resolve("stat"));
				parents.put(pid, Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
				pss.put(pid, pssKib(Files.readAllLines(process.resolve("smaps_rollup"))));
			}
			catch (IOException | RuntimeException ex) {
				// The process ended while /proc was read, or is not ours to read.
			}
		}
		Map<String, Long> memory = new LinkedHashMap<>();
		processes().forEach((name, roots) -> memory.put(name,
				pss.entrySet()
					.stream()
					.filter((process) -> ProcessCpu.descends(process.getKey(), roots, parents))
					.mapToLong(Map.Entry::getValue)
					.sum()));
		return memory;
	}

	static long pssKib(List<String> smapsRollup) {
		return smapsRollup.stream()
			.filter((line) -> line.startsWith("Pss:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElse(0);
	}

	private static List<Long> commandsContaining(String text) {
		List<Long> pids = new ArrayList<>();
		for (Path process : pidDirectories()) {
			try {
				String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
					.replace('\0', ' ');
				if (command.contains(text)) {
					pids.add(Long.parseLong(process.getFileName().toString()));
				}
			}
			catch (IOException ex) {
				// The process ended while /proc was read.
			}
		}
		return pids;
	}

	private static List<Path> pidDirectories() {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
