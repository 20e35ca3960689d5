package io.bookingdemo.loadgen;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local demo's shared settings: its ports and the expected effects of one booking
 * ({@code infra/demo.properties}, which demo.sh and the scenarios source too), and its
 * queue names ({@code infra/topology.json}).
 */
final class DemoSettings {

	static final Path DEFAULT_FILE = Path.of("infra/demo.properties");

	private final Properties properties;

	DemoSettings(Properties properties) {
		this.properties = properties;
	}

	static DemoSettings load(Path file) {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file + " (run from the project's root directory, "
					+ "or name the file in DEMO_SETTINGS)", ex);
		}
		return new DemoSettings(properties);
	}

	/**
	 * Makes every setting a system property that is not one already, so that the
	 * commands' option defaults can name them ({@code ${sys:BOOKING_API_PORT}}).
	 */
	void install() {
		this.properties.stringPropertyNames()
			.forEach((key) -> System.setProperty(key, System.getProperty(key, this.properties.getProperty(key))));
	}

	String text(String key) {
		String value = this.properties.getProperty(key);
		if (value == null) {
			throw new IllegalStateException("no " + key + " in the demo's settings");
		}
		return value.trim();
	}

	int number(String key) {
		return Integer.parseInt(text(key));
	}

	/**
	 * What one booking should leave at each consumer.
	 * @return the expected effects
	 */
	Effects effects() {
		return new Effects(number("EXPECTED_PAYMENTS"), number("EXPECTED_POSTINGS"), number("EXPECTED_POSTINGS_UNPAID"),
				number("EXPECTED_EMAILS"), number("EXPECTED_EMAILS_UNCONFIRMED"));
	}

	/**
	 * The settings the command line was started with: the file named by
	 * {@code DEMO_SETTINGS}, or {@code infra/demo.properties} under the working
	 * directory.
	 * @return the settings
	 */
	static DemoSettings current() {
		return of(Path.of("."));
	}

	/**
	 * The settings of the project in a directory: the file named by
	 * {@code DEMO_SETTINGS}, or its {@code infra/demo.properties}.
	 * @param root the project's directory
	 * @return the settings
	 */
	static DemoSettings of(Path root) {
		String file = System.getenv("DEMO_SETTINGS");
		return load((file != null) ? Path.of(file) : root.resolve(DEFAULT_FILE));
	}

	/**
	 * The queues the given services consume, in the topology's order.
	 * @param topology the topology document
	 * @param consumers the consuming services, or {@code null} for every queue
	 * @return the queues' names, standard mode
	 */
	static List<String> queuesOf(Path topology, List<String> consumers) {
		JsonNode queues = JsonMapper.builder().build().readTree(topology.toFile()).path("queues");
		List<String> names = new ArrayList<>();
		for (JsonNode queue : queues) {
			if (consumers == null || consumers.contains(queue.path("consumer").asString(""))) {
				names.add(queue.path("name").asString(""));
			}
		}
		return names;
	}

	/**
	 * The effects one accepted booking should leave: with every service running, and
	 * while payment-service is stopped (no payment, so no payment postings and no
	 * confirmation e-mail).
	 *
	 * @param payments payments taken
	 * @param postings ledger postings
	 * @param postingsUnpaid ledger postings without a payment
	 * @param emails e-mails sent
	 * @param emailsUnconfirmed e-mails sent without a confirmation
	 */
	record Effects(int payments, int postings, int postingsUnpaid, int emails, int emailsUnconfirmed) {
	}

}
