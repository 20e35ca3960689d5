package io.bookingdemo.loadgen;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling of the booking write: a booking row and its outbox row inserted in one
 * transaction, straight into PostgreSQL over JDBC by several threads, into scratch copies
 * of booking-api's tables with the same constraints and indexes; the copies are dropped
 * afterwards.
 */
@Command(name = "ceiling", mixinStandardHelpOptions = true,
		description = "Booking + outbox inserts straight into scratch copies of booking-api's tables (closed loop).")
final class CeilingCommand implements Callable<Integer> {

	private static final String PAYLOAD = "{\"bookingId\":\"%s\",\"customerId\":\"bench\",\"customerEmail\":"
			+ "\"bench@example.com\",\"resourceId\":\"%s\",\"startDate\":\"%s\",\"endDate\":\"%s\","
			+ "\"amount\":\"100.50\",\"currency\":\"EUR\"}";

	@Option(names = "--jdbc", defaultValue = "jdbc:postgresql://127.0.0.1:${sys:POSTGRES_PORT}/booking",
			description = "booking-api's database (default: ${DEFAULT-VALUE})")
	String url;

	@Option(names = "--user", defaultValue = "booking", description = "(default: ${DEFAULT-VALUE})")
	String user;

	@Option(names = "--password", defaultValue = "booking", description = "(default: ${DEFAULT-VALUE})")
	String password;

	@Option(names = "--threads", defaultValue = "16", description = "(default: ${DEFAULT-VALUE})")
	int threads;

	@Mixin
	MeasuredWindow window;

	@Override
	public Integer call() throws Exception {
		try (Connection admin = DriverManager.getConnection(this.url, this.user, this.password);
				Statement statement = admin.createStatement()) {
			statement.execute("drop table if exists bench_bookings, bench_outbox_events");
			statement.execute("create table bench_bookings (like bookings including all)");
			statement.execute("create table bench_outbox_events (like outbox_events including all)");
		}
		try {
			return measure();
		}
		finally {
			try (Connection admin = DriverManager.getConnection(this.url, this.user, this.password);
					Statement statement = admin.createStatement()) {
				statement.execute("drop table if exists bench_bookings, bench_outbox_events");
			}
		}
	}

	private int measure() throws Exception {
		Recorder latencies = new Recorder(60_000_000_000L, 3);
		LongAdder committed = new LongAdder();
		long warmupEnds = System.nanoTime() + this.window.warmup.toNanos();
		long ends = warmupEnds + this.window.duration.toNanos();
		CountDownLatch done = new CountDownLatch(this.threads);
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < this.threads; i++) {
			int worker = i;
			Thread thread = new Thread(() -> {
				try {
					insertUntil(worker, warmupEnds, ends, latencies, committed);
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
				finally {
					done.countDown();
				}
			}, "ceiling-" + i);
			thread.start();
		}
		done.await();
		if (!failures.isEmpty()) {
			failures.get(0).printStackTrace();
			return 1;
		}
		double seconds = this.window.duration.toNanos() / 1e9;
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("threads", this.threads);
		figures.put("seconds", seconds);
		figures.put("transactions", committed.sum());
		figures.put("perSecond", Percentiles.round(committed.sum() / seconds));
		Map<String, Object> latency = Percentiles.of(latencies.getIntervalHistogram(), 1e6);
		figures.put("latencyMs", latency);
		System.out.printf("ceiling: %d threads, %.1f booking+outbox transactions/s; %s%n", this.threads,
				committed.sum() / seconds, Percentiles.line(latency));
		if (this.window.out != null) {
			JsonMapper.builder()
				.enable(SerializationFeature.INDENT_OUTPUT)
				.build()
				.writeValue(this.window.out.toFile(), figures);
		}
		return 0;
	}

	private void insertUntil(int worker, long warmupEnds, long ends, Recorder latencies, LongAdder committed)
			throws SQLException {
		LocalDate start = LocalDate.now().plusDays(30);
		try (Connection connection = DriverManager.getConnection(this.url, this.user, this.password);
				PreparedStatement booking = connection.prepareStatement("insert into bench_bookings (id, customer_id, "
						+ "customer_email, resource_id, start_date, end_date, amount, currency, status, created_at, "
						+ "version) values (?, 'bench', 'bench@example.com', ?, ?, ?, 100.50, 'EUR', 'PENDING', ?, 0)");
				PreparedStatement outbox = connection.prepareStatement("insert into bench_outbox_events (event_id, "
						+ "event_type, event_version, aggregate_id, message_group, payload, created_at) "
						+ "values (?, 'BookingCreated', 1, ?, ?, ?, ?)")) {
			connection.setAutoCommit(false);
			long sequence = 0;
			long now;
			while ((now = System.nanoTime()) < ends) {
				UUID id = UUID.randomUUID();
				String resource = "bench-" + worker + "-" + sequence++;
				Timestamp createdAt = Timestamp.from(Instant.now());
				booking.setObject(1, id);
				booking.setString(2, resource);
				booking.setObject(3, start);
				booking.setObject(4, start.plusDays(3));
				booking.setTimestamp(5, createdAt);
				booking.executeUpdate();
				outbox.setObject(1, UUID.randomUUID());
				outbox.setObject(2, id);
				outbox.setString(3, id.toString());
				outbox.setString(4, String.format(PAYLOAD, id, resource, start, start.plusDays(3)));
				outbox.setTimestamp(5, createdAt);
				outbox.executeUpdate();
				connection.commit();
				long finished = System.nanoTime();
				if (now >= warmupEnds && finished <= ends) {
					latencies.recordValue(finished - now);
					committed.increment();
				}
			}
		}
	}

}
