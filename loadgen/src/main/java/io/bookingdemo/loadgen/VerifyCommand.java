package io.bookingdemo.loadgen;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.bookingdemo.loadgen.BookingSystem.Accepted;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks that every booking of a load run has reached every running consumer: waits until
 * each has an effect of each booking, and says which consumer still misses some.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
		description = "Check that every booking of the last load reached every running consumer.")
final class VerifyCommand implements Callable<Integer> {

	private static final List<Stage> CONSUMERS = List.of(Stage.PAYMENT, Stage.LEDGER, Stage.NOTIFICATION);

	@Mixin
	Targets targets;

	@Option(names = "--ids", defaultValue = ".demo/load/last.ids",
			description = "the bookings' ids, one a line (default: ${DEFAULT-VALUE}, written by the last load)")
	Path ids;

	@Option(names = "--wait", description = "how long to wait at most (default: 60 s + 0.1 s per booking)")
	Duration wait;

	@Override
	public Integer call() throws Exception {
		if (!Files.isReadable(this.ids)) {
			System.err.println("no load run yet (" + this.ids + "): ./demo.sh load N first");
			return 2;
		}
		List<UUID> bookings = Files.readAllLines(this.ids)
			.stream()
			.filter((line) -> !line.isBlank())
			.map((line) -> UUID.fromString(line.trim()))
			.toList();
		try (BookingSystem system = new BookingSystem(this.targets)) {
			List<Stage> running = CONSUMERS.stream().filter(system::ready).toList();
			Duration timeout = (this.wait != null) ? this.wait : Duration.ofMillis(60_000 + 100L * bookings.size());
			return verify(system, bookings, running, timeout, System.out) ? 0 : 1;
		}
	}

	/**
	 * Waits until every booking has an effect at every running consumer and prints, for
	 * each consumer, whether all reached it, how many did not, or that it is not running.
	 * @param system the services
	 * @param ids the bookings
	 * @param running the consumers that run
	 * @param timeout how long to wait at most
	 * @param out where the outcome is printed
	 * @return whether every running consumer had every booking
	 */
	static boolean verify(BookingSystem system, List<UUID> ids, List<Stage> running, Duration timeout,
			PrintStream out) {
		Instant began = Instant.now();
		List<Accepted> bookings = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			bookings.add(new Accepted(i, ids.get(i), began));
		}
		Map<Stage, Integer> expected = new EnumMap<>(Stage.class);
		running.forEach((stage) -> expected.put(stage, 1));
		boolean terminal = System.console() != null;
		Map<Stage, Instant> finished = bookings.isEmpty() ? Map.of()
				: new EndToEnd(system, expected).await(bookings, timeout, (awaited) -> {
					if (terminal) {
						out.printf("\r%-100s", awaited);
					}
				});
		if (terminal) {
			out.printf("\r%-100s\r", "");
		}
		boolean complete = true;
		for (Stage stage : CONSUMERS) {
			if (!running.contains(stage)) {
				out.printf(
						"%-22s not running: its bookings wait in its queue (./demo.sh start %s, then ./demo.sh verify)%n",
						stage.service(), stage.service());
			}
			else if (finished.containsKey(stage) || bookings.isEmpty()) {
				out.printf("%-22s all %d have reached it (%.1f s after this check began)%n", stage.service(),
						bookings.size(),
						Duration.between(began, finished.getOrDefault(stage, began)).toMillis() / 1000.0);
			}
			else {
				long missing = bookings.stream()
					.filter((booking) -> system.effects(stage, booking.id())
						.handle((effects, failure) -> effects == null || effects.isEmpty())
						.join())
					.count();
				out.printf("%-22s %d of %d still missing after waiting%n", stage.service(), missing, bookings.size());
				complete = false;
			}
		}
		return complete;
	}

}
