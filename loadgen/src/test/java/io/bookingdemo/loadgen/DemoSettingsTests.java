package io.bookingdemo.loadgen;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The demo's shared settings as the project's own files give them.
 */
class DemoSettingsTests {

	private static final Path PROJECT = Path.of("..");

	@Test
	void readsTheExpectedEffectsOfOneBooking() {
		DemoSettings settings = DemoSettings.load(PROJECT.resolve("infra/demo.properties"));

		assertThat(settings.effects()).isEqualTo(new DemoSettings.Effects(1, 4, 2, 2, 1));
		assertThat(settings.number("BOOKING_API_PORT")).isEqualTo(8080);
	}

	@Test
	void namesAMissingSetting() {
		DemoSettings settings = DemoSettings.load(PROJECT.resolve("infra/demo.properties"));

		assertThatIllegalStateException().isThrownBy(() -> settings.number("NO_SUCH_PORT"))
			.withMessageContaining("NO_SUCH_PORT");
	}

	@Test
	void readsTheConsumersQueuesFromTheTopology() {
		List<String> queues = DemoSettings.queuesOf(PROJECT.resolve("infra/topology.json"),
				List.of("payment-service", "ledger-service", "notification-service"));

		assertThat(queues).containsExactly("payment-service-booking-events", "ledger-service-events",
				"notification-service-events");
	}

}
