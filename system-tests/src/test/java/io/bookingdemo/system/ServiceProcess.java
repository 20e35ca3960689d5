package io.bookingdemo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service started from its packaged jar as a separate JVM, the way it runs in
 * production.
 */
final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a service.
	 * @param name the module name, for example {@code ledger-service}
	 * @param port the HTTP port
	 * @param environment the environment variables that configure it
	 * @return the started, not yet ready, service
	 */
	static ServiceProcess start(String name, int port, Map<String, String> environment) {
		Path root = Path.of(System.getProperty("services.dir", ".."));
		Path jar = root.resolve(name)
			.resolve("target")
			.resolve(name + "-" + System.getProperty("services.version") + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing; package the services first (./mvnw verify does)");
		}
		Path log = Path.of("target", name + ".log");
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
				"-XX:+UseSerialGC", "-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		builder.environment().put("PORT", String.valueOf(port));
		try {
			Files.createDirectories(log.getParent());
			Process process = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			return new ServiceProcess(name, port, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Whether the service answers its readiness probe with 200, which includes its
	 * database.
	 * @return {@code true} once ready
	 */
	boolean isReady() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					this.name + " exited with " + this.process.exitValue() + "; see " + this.log);
		}
		try {
			HttpResponse<Void> response = HTTP.send(
					HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	String name() {
		return this.name;
	}

	/**
	 * Asks the service to shut down gracefully and returns without waiting, so that
	 * several services can wind down at the same time.
	 */
	void stop() {
		this.process.destroy();
	}

	@Override
	public void close() {
		stop();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
