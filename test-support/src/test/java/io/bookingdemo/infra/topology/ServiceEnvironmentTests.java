package io.bookingdemo.infra.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEnvironmentTests {

	private final Topology standard = Topology.declared();

	private final Topology fifo = Topology.declared().inMode(Topology.Mode.FIFO);

	@Test
	void namesTheQueueAServiceConsumesAndTheTopicItPublishesTo() {
		assertThat(this.standard.environmentOf("booking-api"))
			.isEqualTo(Map.of("MESSAGING_QUEUE", "booking-api-payment-events", "MESSAGING_TOPIC", "booking-events"));
		assertThat(this.standard.environmentOf("ledger-service"))
			.isEqualTo(Map.of("MESSAGING_QUEUE", "ledger-service-events"));
	}

	@Test
	void namesTheFifoResourcesInFifoMode() {
		assertThat(this.fifo.environmentOf("payment-service")).isEqualTo(Map.of("MESSAGING_QUEUE",
				"payment-service-booking-events.fifo", "MESSAGING_TOPIC", "payment-events.fifo"));
		assertThat(this.fifo.environmentOf("notification-service"))
			.isEqualTo(Map.of("MESSAGING_QUEUE", "notification-service-events.fifo"));
	}

	@Test
	void writesAnEnvironmentFilePerService(@TempDir Path directory) throws IOException {
		Provisioner.writeEnvironments(this.fifo, directory);

		assertThat(directory.resolve("booking-api.env"))
			.hasContent("MESSAGING_QUEUE=booking-api-payment-events.fifo\nMESSAGING_TOPIC=booking-events.fifo");
		try (Stream<Path> files = Files.list(directory)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("booking-api.env",
					"payment-service.env", "ledger-service.env", "notification-service.env");
		}
	}

}
