package io.bookingdemo.loadgen;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queues' backlog as the services report it on {@code /actuator/prometheus}: the
 * {@code sqs_queue_messages} gauges (visible plus in flight) that each service refreshes
 * for its own queue, its dead-letter queue and the queues subscribed to the topic it
 * publishes to.
 */
final class Backlog {

	private static final Pattern GAUGE = Pattern.compile("^sqs_queue_messages\\{([^}]*)\\}\\s+(\\S+)",
			Pattern.MULTILINE);

	private static final Pattern QUEUE = Pattern.compile("queue=\"([^\"]*)\"");

	private static final Pattern STATE = Pattern.compile("state=\"([^\"]*)\"");

	private final BookingSystem system;

	private final List<URI> services;

	Backlog(BookingSystem system, List<URI> services) {
		this.system = system;
		this.services = services;
	}

	/**
	 * The messages each queue holds, visible or in flight, by queue name; a queue several
	 * services report counts once, with the largest of their figures, and a service that
	 * does not answer is skipped.
	 * @return the backlog by queue, dead-letter queues included
	 */
	Map<String, Long> read() {
		Map<String, Long> depths = new TreeMap<>();
		List<CompletableFuture<String>> scrapes = this.services.stream()
			.map((service) -> this.system.text(service, "/actuator/prometheus"))
			.toList();
		for (CompletableFuture<String> scrape : scrapes) {
			try {
				parse(scrape.get(4, TimeUnit.SECONDS)).forEach((queue, depth) -> depths.merge(queue, depth, Math::max));
			}
			catch (Exception ex) {
				// A service that is stopped or busy simply does not report this time.
			}
		}
		return depths;
	}

	static Map<String, Long> parse(String exposition) {
		Map<String, Long> depths = new TreeMap<>();
		Matcher gauge = GAUGE.matcher(exposition);
		while (gauge.find()) {
			Matcher queue = QUEUE.matcher(gauge.group(1));
			Matcher state = STATE.matcher(gauge.group(1));
			if (queue.find() && state.find()
					&& ("visible".equals(state.group(1)) || "in_flight".equals(state.group(1)))) {
				depths.merge(queue.group(1), (long) Double.parseDouble(gauge.group(2)), Long::sum);
			}
		}
		return depths;
	}

	static boolean isDeadLetterQueue(String queue) {
		return queue.endsWith("-dlq") || queue.endsWith("-dlq.fifo");
	}

}
