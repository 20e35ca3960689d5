package io.bookingdemo.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import picocli.CommandLine.Option;

/**
 * The CPU time (user and system) of the demo's processes, each named component counted
 * with every process below it, read from {@code /proc}, so that a run can say how much
 * CPU one booking cost in each component and in all.
 * <p>
 * A component's time is the sum, over its live processes, of their own time and that of
 * their children that have exited and been waited for (PostgreSQL's backends, for
 * example): a process that ends during the run is counted by its parent.
 */
final class ProcessCpu {

	/** The kernel's clock ticks per second ({@code getconf CLK_TCK}), 100 on Linux. */
	private static final double TICKS_PER_MILLISECOND = 0.1;

	private static final double QUIET_MILLISECONDS_PER_SECOND = 100;

	@Option(names = "--cpu", paramLabel = "NAME=PID[,PID...]",
			description = "a component of the demo whose CPU time (its processes and their children) is "
					+ "charged to the bookings; repeatable")
	Map<String, String> components = new LinkedHashMap<>();

	/**
	 * Charges every running component of the demo of a checkout, found by its launcher's
	 * pid files, as {@code --cpu} would name them.
	 * @param checkout the checkout's directory
	 */
	@Option(names = "--cpu-of", paramLabel = "CHECKOUT",
			description = "charge the CPU time of every running component of the demo of this checkout")
	void cpuOf(Path checkout) {
		// A checkout from before the shared settings file runs on the same ports.
		DemoSettings settings = Files.exists(checkout.resolve(DemoSettings.DEFAULT_FILE)) ? DemoSettings.of(checkout)
				: DemoSettings.current();
		new Demo(checkout, settings).processes()
			.forEach((name, pids) -> this.components.put(name,
					String.join(",", pids.stream().map(String::valueOf).toList())));
	}

	/**
	 * The CPU time of each component so far, and the generator's own.
	 * @return milliseconds by component, the generator under {@code loadgen}
	 */
	Map<String, Double> snapshot() {
		Map<Long, Long> parents = new HashMap<>();
		Map<Long, Long> ticks = new HashMap<>();
		if (!this.components.isEmpty()) {
			try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
				processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
					.forEach((path) -> read(path.resolve("stat"), parents, ticks));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		Map<String, Double> milliseconds = new LinkedHashMap<>();
		this.components.forEach((name, pids) -> {
			Set<Long> roots = new HashSet<>();
			for (String pid : pids.split(",")) {
				roots.add(Long.parseLong(pid.trim()));
			}
			long sum = 0;
			for (Map.Entry<Long, Long> process : ticks.entrySet()) {
				if (descends(process.getKey(), roots, parents)) {
					sum += process.getValue();
				}
			}
			milliseconds.put(name, sum / TICKS_PER_MILLISECOND);
		});
		milliseconds.put("loadgen",
				ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime()
						/ 1e6);
		return milliseconds;
	}

	/**
	 * Waits until the demo's processes go quiet, for example once a run's last message is
	 * processed, so that a run's CPU per booking does not include what its own checks
	 * cost afterwards: quiet is a second in which they used less than a tenth of a core,
	 * which their idle polls and scrapes stay well under.
	 * @param timeout how long to wait at most
	 * @return the snapshot taken when the quiet second began, or the last one if the
	 * processes never went quiet
	 * @throws InterruptedException if interrupted while waiting
	 */
	Map<String, Double> whenQuiet(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<String, Double> previous = snapshot();
		while (System.nanoTime() < deadline) {
			Thread.sleep(1000);
			Map<String, Double> current = snapshot();
			if (demo(current) - demo(previous) < QUIET_MILLISECONDS_PER_SECOND) {
				return previous;
			}
			previous = current;
		}
		return previous;
	}

	private static double demo(Map<String, Double> snapshot) {
		return snapshot.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals("loadgen"))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/**
	 * The CPU time spent between two snapshots per unit of work, by component, with the
	 * demo's total (the generator not included).
	 * @param from the first snapshot
	 * @param to the second snapshot
	 * @param units the work done in between, such as bookings
	 * @return milliseconds per unit: {@code total}, each component, then {@code loadgen}
	 */
	static Map<String, Object> perUnit(Map<String, Double> from, Map<String, Double> to, long units) {
		Map<String, Object> figures = new LinkedHashMap<>();
		if (units <= 0) {
			return figures;
		}
		double total = 0;
		List<String> demo = new ArrayList<>();
		for (String name : to.keySet()) {
			if (!name.equals("loadgen")) {
				total += to.get(name) - from.getOrDefault(name, 0d);
				demo.add(name);
			}
		}
		if (!demo.isEmpty()) {
			figures.put("total", round(total / units));
		}
		for (String name : to.keySet()) {
			figures.put(name, round((to.get(name) - from.getOrDefault(name, 0d)) / units));
		}
		return figures;
	}

	/**
	 * The figures of {@link #perUnit} on one line.
	 * @param figures milliseconds per unit by component
	 * @return for example
	 * {@code total 4.1 ms (booking-api 2.0, postgres 1.1, ..., loadgen 0.2)}
	 */
	static String line(Map<String, Object> figures) {
		StringBuilder line = new StringBuilder();
		if (figures.containsKey("total")) {
			line.append("total ").append(figures.get("total")).append(" ms (");
		}
		String parts = figures.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals("total"))
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.reduce((a, b) -> a + ", " + b)
			.orElse("");
		line.append(parts);
		if (figures.containsKey("total")) {
			line.append(")");
		}
		else {
			line.append(" ms");
		}
		return line.toString();
	}

	private static double round(double milliseconds) {
		return Math.round(milliseconds * 100) / 100.0;
	}

	static boolean descends(long pid, Set<Long> roots, Map<Long, Long> parents) {
		long current = pid;
		for (int depth = 0; depth < 64 && current > 1; depth++) {
			if (roots.contains(current)) {
				return true;
			}
			current = parents.getOrDefault(current, 0L);
		}
		return false;
	}

	// Fields after the command's closing parenthesis: state, ppid, ..., utime (14th field
	// of the line), stime, cutime, cstime.
	private static void read(Path stat, Map<Long, Long> parents, Map<Long, Long> ticks) {
		try {
			String line = Files.readString(stat);
			long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			parents.put(pid, Long.parseLong(fields[1]));
			ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
					+ Long.parseLong(fields[14]));
		}
		catch (IOException | RuntimeException ex) {
			// The process ended while the directory was read.
		}
	}

}
