package io.bookingdemo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local demo as the launcher leaves it: ports from the shared settings, processes
 * from the pid files and {@code /proc}.
 */
class DemoTests {

	@TempDir
	Path root;

	private final DemoSettings settings = DemoSettings.load(Path.of("../infra/demo.properties"));

	@BeforeEach
	void aCheckout() throws IOException {
		Files.createDirectories(this.root.resolve("infra"));
		Files.copy(Path.of("../infra/demo.properties"), this.root.resolve("infra/demo.properties"));
	}

	@Test
	void givesEachInstanceOfAServiceAPortOfItsOwn() {
		Demo demo = new Demo(this.root, this.settings);

		assertThat(demo.port("payment-service")).contains(8081);
		assertThat(demo.port("payment-service-3")).contains(8101);
		assertThat(demo.port("fauxqs")).contains(4566);
		assertThat(demo.port("provisioner")).isEmpty();
	}

	@Test
	void findsNothingRunningInADemoThatWasNeverStarted() {
		Demo demo = new Demo(this.root, this.settings);

		assertThat(demo.processes()).isEmpty();
		ProcessCpu cpu = new ProcessCpu();
		cpu.cpuOf(this.root);
		assertThat(cpu.components).isEmpty();
		assertThat(demo.memory()).isEmpty();
		assertThat(demo.instances("payment-service")).isEmpty();
		assertThat(demo.ready("postgres")).isFalse();
	}

	@Test
	void recognisesOnlyProcessesOfItsOwnCheckout() throws IOException {
		Files.createDirectories(this.root.resolve(".demo/pids"));
		// This test's own JVM runs, but its command line does not name the temporary
		// checkout.
		Files.writeString(this.root.resolve(".demo/pids/fauxqs.pid"), ProcessHandle.current().pid() + "\n");

		assertThat(new Demo(this.root, this.settings).pid("fauxqs")).isEmpty();
	}

	@Test
	void readsTheProportionalSetSizeOfAProcess() {
		List<String> smapsRollup = List.of("55d0c0000000-7ffd00000000 ---p 00000000 00:00 0 [rollup]", "Rss: 20480 kB",
				"Pss:               12345 kB", "Pss_Anon:          10000 kB");

		assertThat(Demo.pssKib(smapsRollup)).isEqualTo(12345);
	}

	@Test
	void showsEachComponentsStateAsTheStatusTableDoes() {
		assertThat(StatusCommand.state("fauxqs", true, true)).isEqualTo("running");
		assertThat(StatusCommand.state("zipkin", true, false)).isEqualTo("starting");
		assertThat(StatusCommand.state("payment-service-2", true, false)).isEqualTo("not ready");
		assertThat(StatusCommand.state("ledger-service", true, true)).isEqualTo("ready");
		assertThat(StatusCommand.state("prometheus", false, false)).isEqualTo("stopped");
		assertThat(StatusCommand.row("booking-api", "123", "8080", "ready")).matches("^booking-api +123 +8080 +ready$");
	}

}
