package io.bookingdemo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a component the launcher started: its whole process group, then its pid file.
 */
class StopCommandTests {

	@TempDir
	Path root;

	@Test
	void stopsTheComponentsProcessGroupAndForgetsIt() throws IOException {
		Process component = launch("prometheus");
		assertThat(Demo.groupRuns(component.pid())).isTrue();

		int exit = new CommandLine(new StopCommand()).execute("--root", this.root.toString(), "--patience", "PT10S",
				"prometheus");

		assertThat(exit).isZero();
		assertThat(Demo.groupRuns(component.pid())).isFalse();
		assertThat(this.root.resolve(".demo/pids/prometheus.pid")).doesNotExist();
		assertThat(component.onExit()).succeedsWithin(Duration.ofSeconds(5));
	}

	@Test
	void takesAStoppingInstanceOutOfPrometheussTargetsFirst() throws IOException {
		Process instance = launch("payment-service-2");
		Demo demo = new Demo(this.root, DemoSettings.of(this.root));
		Path targets = this.root.resolve(".demo/scale/targets/payment-service.json");

		demo.writeTargets("payment-service", List.of());
		assertThat(Files.readString(targets)).isEqualTo("[{\"targets\":[\"127.0.0.1:8091\"]}]");

		new CommandLine(new StopCommand()).execute("--root", this.root.toString(), "payment-service-2");
		assertThat(Files.readString(targets)).isEqualTo("[{\"targets\":[]}]");
		assertThat(instance.onExit()).succeedsWithin(Duration.ofSeconds(5));
	}

	// A group of its own, as the launcher's setsid gives it, whose command line names the
	// checkout: a shell and the sleep it waits for.
	private Process launch(String name) throws IOException {
		Process process = new ProcessBuilder("setsid", "bash", "-c", "sleep 300; true", this.root.toString()).start();
		Files.createDirectories(this.root.resolve(".demo/pids"));
		Files.writeString(this.root.resolve(".demo/pids/" + name + ".pid"), process.pid() + "\n");
		Files.createDirectories(this.root.resolve("infra"));
		if (!Files.exists(this.root.resolve("infra/demo.properties"))) {
			Files.copy(Path.of("../infra/demo.properties"), this.root.resolve("infra/demo.properties"));
		}
		return process;
	}

}
