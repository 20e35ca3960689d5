package io.bookingdemo.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's summary of a run's files, printed as BENCHMARKS.md quotes it (the
 * expected text is what the earlier jq report printed for the same files).
 */
class BenchSummaryTests {

	@TempDir
	Path dir;

	@Test
	void printsEveryFigureAndTheModesSideBySide() throws IOException {
		aRun();
		ByteArrayOutputStream printed = new ByteArrayOutputStream();

		BenchSummary.write(this.dir, new PrintStream(printed, true, StandardCharsets.UTF_8));

		String expected = Files.readString(Path.of("src/test/resources/bench/summary.txt"))
			.replace("DIR", this.dir.toString());
		assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
		assertThat(this.dir.resolve("summary.json")).exists();
	}

	@Test
	void leavesAModeThatWasNotMeasuredEmpty() throws IOException {
		aRun();
		Files.delete(this.dir.resolve("fifo/best"));

		var summary = BenchSummary.of(this.dir);

		assertThat(summary.get("fifoSagaSustainedPerSecond").asInt()).isZero();
		assertThat(summary.get("fifoSagaExactlyOnce").asBoolean()).isFalse();
		assertThat(summary.get("fifoSagaPercentOfStandard").asDouble()).isZero();
		assertThat(summary.get("sagaPercentOfIngest").asDouble()).isEqualTo(15.0);
	}

	@Test
	void printsWholeNumbersWithoutADecimalPoint() {
		var json = tools.jackson.databind.json.JsonMapper.builder().build();

		assertThat(BenchSummary.text(json.readTree("2100.0"))).isEqualTo("2100");
		assertThat(BenchSummary.text(json.readTree("0.11"))).isEqualTo("0.11");
		assertThat(BenchSummary.text(json.readTree("null"))).isEqualTo("null");
		assertThat(BenchSummary.text(json.readTree("true"))).isEqualTo("true");
	}

	private void aRun() throws IOException {
		write("ceiling.json", "{\"perSecond\": 2100.5, \"latencyMs\": {\"p50\": 5.1, \"p99\": 12.0}}");
		write("generator.json", "{\"perSecond\": 9000.0, \"generatorCpuMsPerRequest\": 0.11}");
		write("ingest.json", "{\"accepted\": 12000, \"perSecond\": 400.2, \"halfRate\": 200, "
				+ "\"halfRateLatencyMs\": {\"p99\": 30.5}, "
				+ "\"cpuMsPerBooking\": {\"total\": 4.1, \"booking-api\": 2.0, \"postgres\": 1.1, \"loadgen\": 0.2}}");
		write("drain.json",
				"{\"bookingsPerSecond\": 1500.0, \"cpuMsPerBooking\": {\"total\": 1.5, \"fauxqs\": 1.5, \"loadgen\": 0.3}}");
		write("memory.json", "{\"components\": {\"fauxqs\": 100}, \"totalMiB\": 900}");
		write("standard/best", "60\n");
		write("fifo/best", "20\n");
		write("standard/saga-60/report.json",
				"{\"complete\": true, \"cpuMsPerBooking\": {\"total\": 20.25, \"booking-api\": 5.0}}");
		write("standard/saga-half/report.json",
				"{\"complete\": true, \"consumers\": {\"payment\": {\"endToEndMs\": {\"p99\": 120.0}}, "
						+ "\"ledger\": {\"endToEndMs\": {\"p99\": 340.5}}, \"confirmation\": {\"running\": true}}}");
		write("fifo/saga-20/report.json",
				"{\"complete\": false, \"cpuMsPerBooking\": {\"total\": 30.0, \"booking-api\": 7.5}}");
	}

	private void write(String name, String content) throws IOException {
		Path file = this.dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
