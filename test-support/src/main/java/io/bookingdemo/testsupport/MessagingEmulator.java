package io.bookingdemo.testsupport;

import java.net.URI;

import org.testcontainers.DockerClientFactory;

/**
 * An SNS/SQS endpoint for tests and the local demo.
 * <p>
 * {@link #start()} picks, in order: the endpoint in {@code AWS_ENDPOINT_URL} when one is
 * already running, LocalStack in Docker when Docker works, and otherwise the project's
 * pinned {@code fauxqs} from npm, started as a child process. Production code never knows
 * which one it talks to: only the endpoint differs.
 */
public interface MessagingEmulator extends AutoCloseable {

	/** The LocalStack image used where Docker is available. */
	String LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

	/**
	 * The endpoint to send SNS and SQS requests to.
	 * @return the endpoint
	 */
	URI endpoint();

	/**
	 * What answers at the endpoint, for the log of a test run.
	 * @return for example {@code fauxqs 2.4.1 at http://127.0.0.1:4566}
	 */
	String description();

	/**
	 * The region the emulator serves.
	 * @return the region name
	 */
	default String region() {
		return "us-east-1";
	}

	@Override
	void close();

	/**
	 * Starts, or finds, an emulator.
	 * @return a running emulator
	 */
	static MessagingEmulator start() {
		String endpoint = System.getenv("AWS_ENDPOINT_URL");
		if (endpoint != null && !endpoint.isBlank()) {
			String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
			return new RunningEmulator(URI.create(endpoint), region);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			return LocalStackEmulator.start();
		}
		return FauxqsEmulator.start(FauxqsEmulator.findInstallation());
	}

	/**
	 * An emulator that was already running and is left running.
	 *
	 * @param endpoint its endpoint
	 * @param region its region
	 */
	record RunningEmulator(URI endpoint, String region) implements MessagingEmulator {

		@Override
		public String description() {
			return "the endpoint already running at " + this.endpoint + " (AWS_ENDPOINT_URL)";
		}

		@Override
		public void close() {
		}

	}

}
