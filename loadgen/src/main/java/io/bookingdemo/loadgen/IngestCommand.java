package io.bookingdemo.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the API can ingest: the most bookings per second a fixed number of clients get
 * accepted, each sending its next booking when the last was answered (closed loop), then
 * the latency of an open-loop load at half that rate; with the CPU time each booking cost
 * while the clients were measured.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
		description = "Closed-loop maximum of POST /bookings, then open-loop latency at half of it.")
final class IngestCommand implements Callable<Integer> {

	@Mixin
	Targets targets;

	@Mixin
	ProcessCpu cpu;

	@Option(names = "--connections", defaultValue = "16",
			description = "closed-loop clients (default: ${DEFAULT-VALUE})")
	int connections;

	@Mixin
	MeasuredWindow window;

	@Override
	public Integer call() throws Exception {
		try (BookingSystem system = new BookingSystem(this.targets,
				Math.max(this.connections, BookingSystem.DEFAULT_CONNECTIONS))) {
			return measure(system);
		}
	}

	private int measure(BookingSystem system) throws Exception {
		String run = "ingest" + System.currentTimeMillis() % 1_000_000;
		AtomicLong index = new AtomicLong();
		BookingSystem.Customers customers = system.customers(run, BookingSystem.Customers.MOST);
		Recorder closedLatencies = new Recorder(300_000_000_000L, 3);
		LongAdder accepted = new LongAdder();
		LongAdder refused = new LongAdder();
		LongAdder all = new LongAdder();
		long measureFrom = System.nanoTime() + this.window.warmup.toNanos();
		long ends = measureFrom + this.window.duration.toNanos();
		Thread[] clients = new Thread[this.connections];
		for (int i = 0; i < this.connections; i++) {
			clients[i] = new Thread(() -> {
				long started;
				while ((started = System.nanoTime()) < ends) {
					int status;
					try {
						status = system.bookNow(customers, index.getAndIncrement(), (booking) -> {
						});
					}
					catch (RuntimeException ex) {
						status = -1;
					}
					long finished = System.nanoTime();
					if (status == 201) {
						all.increment();
					}
					if (started >= measureFrom && finished <= ends) {
						closedLatencies.recordValue(finished - started);
						(status == 201 ? accepted : refused).increment();
					}
				}
			}, "client-" + i);
			clients[i].start();
		}
		OpenLoop.Ticker.SYSTEM.sleepUntil(measureFrom);
		Map<String, Double> cpuFrom = this.cpu.snapshot();
		OpenLoop.Ticker.SYSTEM.sleepUntil(ends);
		Map<String, Double> cpuTo = this.cpu.snapshot();
		for (Thread client : clients) {
			client.join();
		}
		double seconds = this.window.duration.toNanos() / 1e9;
		double maximum = accepted.sum() / seconds;
		Map<String, Object> closedLatency = Percentiles.of(closedLatencies.getIntervalHistogram(), 1e6);
		Map<String, Object> cpuPerBooking = ProcessCpu.perUnit(cpuFrom, cpuTo, accepted.sum());
		System.out.printf("API ingest, closed loop, %d clients: %.1f accepted/s (%d refused); %s%n", this.connections,
				maximum, refused.sum(), Percentiles.line(closedLatency));
		System.out.printf("   CPU per booking: %s%n", ProcessCpu.line(cpuPerBooking));

		double half = Math.max(1, maximum / 2);
		ApiStats open = new ApiStats();
		OpenLoop loop = new OpenLoop(half, Long.MAX_VALUE, this.window.duration, 1024, OpenLoop.Ticker.SYSTEM);
		long base = index.get();
		loop.run((i) -> system.book(customers, base + i, (booking) -> {
		}), open, System.nanoTime());
		Map<String, Object> openLatency = Percentiles.of(open.total(), 1e6);
		System.out.printf("API ingest, open loop at half (%.0f/s): %d accepted, refused %s; %s%n", half,
				open.accepted(), open.refused().isEmpty() ? "none" : open.refused(), Percentiles.line(openLatency));

		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("connections", this.connections);
		figures.put("seconds", seconds);
		figures.put("perSecond", Percentiles.round(maximum));
		figures.put("refused", refused.sum());
		figures.put("closedLoopLatencyMs", closedLatency);
		figures.put("cpuMsPerBooking", cpuPerBooking);
		figures.put("halfRate", Percentiles.round(half));
		figures.put("halfRateAccepted", open.accepted());
		figures.put("halfRateRefused", open.refused());
		figures.put("halfRateLatencyMs", openLatency);
		figures.put("accepted", all.sum() + open.accepted());
		if (this.window.out != null) {
			JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.build()
				.writeValue(this.window.out.toFile(), figures);
		}
		return 0;
	}

}
