package io.bookingdemo.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

/**
 * The local demo as its launcher ({@code demo.sh}) leaves it: the components it started,
 * found by the pid files it keeps in {@code .demo/pids}, their ports, readiness, CPU time
 * and memory, stopping them, and the launcher itself for the benchmark to drive.
 */
final class Demo {

	// Instance k > 1 of a service is named SERVICE-k.
	private static final Pattern INSTANCE = Pattern.compile("(.+)-(\\d+)");

	private static final int MAX_INSTANCES = 10;

	private final Path root;

	private final List<String> components;

	private final DemoSettings settings;

	Demo(Path root, DemoSettings settings) {
		this.root = root.toAbsolutePath().normalize();
		this.components = List.of(settings.text("DEMO_COMPONENTS").split(","));
		this.settings = settings;
	}

	Path root() {
		return this.root;
	}

	List<String> components() {
		return this.components;
	}

	/**
	 * A component's port: its own setting, or for instance k of a service the service's
	 * port plus k - 1 steps.
	 * @param name a component, or an instance such as {@code payment-service-2}
	 * @return the port, if the component has one
	 */
	Optional<Integer> port(String name) {
		String component = name;
		int instance = 1;
		Matcher matcher = INSTANCE.matcher(name);
		if (matcher.matches() && this.components.contains(matcher.group(1))) {
			component = matcher.group(1);
			instance = Integer.parseInt(matcher.group(2));
		}
		String key = component.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_PORT";
		try {
			return Optional.of(this.settings.number(key) + this.settings.number("INSTANCE_PORT_STEP") * (instance - 1));
		}
		catch (IllegalStateException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The running instances of a service beyond the first.
	 * @param service the service
	 * @return their names, {@code SERVICE-2} first
	 */
	List<String> instances(String service) {
		List<String> names = new ArrayList<>();
		for (int k = 2; k <= MAX_INSTANCES; k++) {
			if (pid(service + "-" + k).isPresent()) {
				names.add(service + "-" + k);
			}
		}
		return names;
	}

	/**
	 * The process the launcher recorded for a component, if it still runs and is still
	 * one of this checkout's (its command line names the project's directory).
	 * @param name the component
	 * @return its pid
	 */
	Optional<Long> pid(String name) {
		try {
			long pid = Long.parseLong(Files.readString(state().resolve("pids").resolve(name + ".pid")).trim());
			String command = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					StandardCharsets.UTF_8);
			return command.contains(this.root.toString()) ? Optional.of(pid) : Optional.empty();
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether a component is ready: the emulator listens, PostgreSQL has said so in its
	 * log, Zipkin, Prometheus and the services answer their health checks.
	 * @param name the component
	 * @return whether it is ready
	 */
	boolean ready(String name) {
		Optional<Integer> port = port(name);
		if (port.isEmpty()) {
			return false;
		}
		return switch (name) {
			case "fauxqs" -> listens(port.get());
			case "postgres" -> log(name).contains("PostgreSQL ready");
			case "zipkin" -> answers(port.get(), "/health");
			case "prometheus" -> answers(port.get(), "/-/ready");
			default -> answers(port.get(), "/actuator/health/readiness");
		};
	}

	String log(String name) {
		try {
			return Files.readString(state().resolve("logs").resolve(name + ".log"));
		}
		catch (IOException ex) {
			return "";
		}
	}

	static boolean listens(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean answers(int port, String path) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(2000);
			try {
				return connection.getResponseCode() / 100 == 2;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
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
			pid(component).ifPresent((pid) -> {
				Set<Long> pids = new LinkedHashSet<>(List.of(pid));
				if (component.equals("postgres")) {
					pids.addAll(commandsContaining("-D " + state().resolve("postgres")));
				}
				processes.put(component, pids);
			});
		}
		return processes;
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

	/**
	 * Sends a signal to a process group.
	 * @param signal for example {@code TERM}
	 * @param group the group's id, its leader's pid
	 */
	static void signal(String signal, long group) {
		run(new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD));
	}

	/**
	 * Whether a process group still has a live member.
	 * @param group the group's id
	 * @return whether any process of it runs
	 */
	static boolean groupRuns(long group) {
		for (Path process : pidDirectories()) {
			try {
				String stat = Files.readString(process.resolve("stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				if (Long.parseLong(fields[2]) == group && !fields[0].equals("Z")) {
					return true;
				}
			}
			catch (IOException | RuntimeException ex) {
				// The process ended while /proc was read.
			}
		}
		return false;
	}

	/**
	 * Forgets a stopped component's pid.
	 * @param name the component
	 */
	void forget(String name) {
		try {
			Files.deleteIfExists(state().resolve("pids").resolve(name + ".pid"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The services among components, an instance counted as its service.
	 * @param names components and instances
	 * @return the services they belong to
	 */
	Set<String> servicesOf(List<String> names) {
		Set<String> services = new LinkedHashSet<>();
		List<String> known = List.of(this.settings.text("DEMO_SERVICES").split(","));
		for (String name : names) {
			Matcher matcher = INSTANCE.matcher(name);
			String service = (matcher.matches() && known.contains(matcher.group(1))) ? matcher.group(1) : name;
			if (known.contains(service)) {
				services.add(service);
			}
		}
		return services;
	}

	/**
	 * Writes the running instances of a service beyond the first, but those leaving, as
	 * the targets Prometheus scrapes (its file-based discovery,
	 * {@code .demo/scale/targets/SERVICE.json}), replaced in one rename so that it never
	 * reads half a file.
	 * @param service the service
	 * @param leaving instances about to stop
	 */
	void writeTargets(String service, Collection<String> leaving) {
		List<String> targets = new ArrayList<>();
		for (String instance : instances(service)) {
			if (!leaving.contains(instance)) {
				port(instance).ifPresent((port) -> targets.add("127.0.0.1:" + port));
			}
		}
		try {
			Path dir = state().resolve("scale").resolve("targets");
			Files.createDirectories(dir);
			Path next = dir.resolve("." + service + ".json");
			Files.writeString(next,
					JsonMapper.builder().build().writeValueAsString(List.of(Map.of("targets", targets))));
			Files.move(next, dir.resolve(service + ".json"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
