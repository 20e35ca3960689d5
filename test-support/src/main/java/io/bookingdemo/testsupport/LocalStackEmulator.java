package io.bookingdemo.testsupport;

import java.net.URI;

import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack in a Testcontainers-managed container, with SNS and SQS only.
 */
final class LocalStackEmulator implements MessagingEmulator {

	private final LocalStackContainer container;

	private LocalStackEmulator(LocalStackContainer container) {
		this.container = container;
	}

	static LocalStackEmulator start() {
		LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(LOCALSTACK_IMAGE))
			.withServices("sns", "sqs");
		container.start();
		return new LocalStackEmulator(container);
	}

	@Override
	public URI endpoint() {
		return this.container.getEndpoint();
	}

	@Override
	public String description() {
		return "LocalStack " + LOCALSTACK_IMAGE + " (Testcontainers) at " + endpoint();
	}

	@Override
	public String region() {
		return this.container.getRegion();
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
