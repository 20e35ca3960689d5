package io.bookingdemo.loadgen;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the demo's processes from {@code /proc}.
 */
class DemoTests {

	@Test
	void readsTheProportionalSetSizeOfAProcess() {
		List<String> smapsRollup = List.of("55d0c0000000-7ffd00000000 ---p 00000000 00:00 0 [rollup]", "Rss: 20480 kB",
				"Pss:               12345 kB", "Pss_Anon:          10000 kB");

		assertThat(Demo.pssKib(smapsRollup)).isEqualTo(12345);
	}

	@Test
	void findsNoProcessesOfADemoThatDoesNotRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
		Demo demo = new Demo(root, List.of("fauxqs", "postgres"));

		assertThat(demo.processes()).isEmpty();
		assertThat(demo.cpuOptions()).isEmpty();
		assertThat(demo.memory()).isEmpty();
	}

}
