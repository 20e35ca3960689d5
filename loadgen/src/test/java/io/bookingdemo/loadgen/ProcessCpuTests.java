package io.bookingdemo.loadgen;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU time charged to each booking, by component and in all.
 */
class ProcessCpuTests {

	@Test
	void chargesEachComponentsTimeBetweenTwoSnapshotsToTheBookings() {
		Map<String, Double> from = Map.of("booking-api", 1000d, "postgres", 500d, "loadgen", 100d);
		Map<String, Double> to = new java.util.LinkedHashMap<>();
		to.put("booking-api", 3000d);
		to.put("postgres", 1500d);
		to.put("loadgen", 300d);

		Map<String, Object> perBooking = ProcessCpu.perUnit(from, to, 1000);

		assertThat(perBooking).containsExactly(Map.entry("total", 3.0), Map.entry("booking-api", 2.0),
				Map.entry("postgres", 1.0), Map.entry("loadgen", 0.2));
		assertThat(ProcessCpu.line(perBooking)).isEqualTo("total 3.0 ms (booking-api 2.0, postgres 1.0, loadgen 0.2)");
	}

	@Test
	void readsAComponentWithTheProcessesBelowIt() {
		ProcessCpu cpu = new ProcessCpu();
		cpu.components.put("this-jvm", String.valueOf(ProcessHandle.current().pid()));

		Map<String, Double> snapshot = cpu.snapshot();

		assertThat(snapshot).containsKeys("this-jvm", "loadgen");
		assertThat(snapshot.get("this-jvm")).isPositive();
	}

	@Test
	void findsAnIdleComponentQuietAtOnce() throws Exception {
		Process idle = new ProcessBuilder("sleep", "60").start();
		try {
			ProcessCpu cpu = new ProcessCpu();
			cpu.components.put("idle", String.valueOf(idle.pid()));
			long started = System.nanoTime();

			cpu.whenQuiet(Duration.ofSeconds(20));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			idle.destroyForcibly();
		}
	}

	@Test
	void waitsForABusyComponentUntilTheTimeout() throws Exception {
		Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
		try {
			ProcessCpu cpu = new ProcessCpu();
			cpu.components.put("busy", String.valueOf(busy.pid()));
			long started = System.nanoTime();

			cpu.whenQuiet(Duration.ofSeconds(3));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
		}
		finally {
			busy.destroyForcibly();
		}
	}

}
