package io.bookingdemo.loadgen;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generator's own ceiling: closed-loop GETs of one cheap address (a liveness probe)
 * by the same client and connection pool the other commands use, with the generator's CPU
 * time per request, so that a benchmark can show the generator was not what limited it.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
		description = "Closed-loop GETs of a cheap URL (any 2xx counts): the generator's own requests per second and CPU per request.")
final class ProbeCommand implements Callable<Integer> {

	// Signs the operator's token the requests carry, as every request of the generator
	// does.
	@Mixin
	Targets targets;

	@Option(names = "--url", defaultValue = "http://127.0.0.1:${sys:BOOKING_API_PORT}/actuator/health/liveness",
			description = "what to GET (default: ${DEFAULT-VALUE})")
	URI url;

	@Option(names = "--connections", defaultValue = "16", description = "clients (default: ${DEFAULT-VALUE})")
	int connections;

	@Mixin
	MeasuredWindow window;

	@Override
	public Integer call() throws Exception {
		this.targets.api = this.url;
		ProcessCpu cpu = new ProcessCpu();
		Recorder latencies = new Recorder(60_000_000_000L, 3);
		LongAdder answered = new LongAdder();
		LongAdder failed = new LongAdder();
		try (BookingSystem system = new BookingSystem(this.targets, this.connections)) {
			long measureFrom = System.nanoTime() + this.window.warmup.toNanos();
			long ends = measureFrom + this.window.duration.toNanos();
			Thread[] clients = new Thread[this.connections];
			for (int i = 0; i < this.connections; i++) {
				clients[i] = new Thread(() -> {
					long started;
					while ((started = System.nanoTime()) < ends) {
						boolean ok;
						try {
							ok = system.get(this.url, this.url.getRawPath()).status() / 100 == 2;
						}
						catch (RuntimeException ex) {
							ok = false;
						}
						long finished = System.nanoTime();
						if (started >= measureFrom && finished <= ends) {
							latencies.recordValue(finished - started);
							(ok ? answered : failed).increment();
						}
					}
				}, "probe-" + i);
				clients[i].start();
			}
			OpenLoop.Ticker.SYSTEM.sleepUntil(measureFrom);
			Map<String, Double> cpuFrom = cpu.snapshot();
			OpenLoop.Ticker.SYSTEM.sleepUntil(ends);
			Map<String, Double> cpuTo = cpu.snapshot();
			for (Thread client : clients) {
				client.join();
			}
			double seconds = this.window.duration.toNanos() / 1e9;
			Map<String, Object> latency = Percentiles.of(latencies.getIntervalHistogram(), 1e6);
			double cpuPerRequest = ProcessCpu.perUnit(cpuFrom, cpuTo, answered.sum())
				.get("loadgen") instanceof Double ms ? ms : 0;
			System.out.printf(
					"generator: %d clients, %.1f GET/s of %s (%d failed); %s; its own CPU %.3f ms per request%n",
					this.connections, answered.sum() / seconds, this.url, failed.sum(), Percentiles.line(latency),
					cpuPerRequest);
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("url", this.url.toString());
			figures.put("connections", this.connections);
			figures.put("seconds", seconds);
			figures.put("perSecond", Percentiles.round(answered.sum() / seconds));
			figures.put("failed", failed.sum());
			figures.put("latencyMs", latency);
			figures.put("generatorCpuMsPerRequest", cpuPerRequest);
			if (this.window.out != null) {
				JsonMapper.builder()
					.enable(SerializationFeature.INDENT_OUTPUT)
					.build()
					.writeValue(this.window.out.toFile(), figures);
			}
			return (failed.sum() == 0) ? 0 : 1;
		}
	}

}
