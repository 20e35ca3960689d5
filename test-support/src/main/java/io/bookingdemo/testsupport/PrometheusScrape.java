package io.bookingdemo.testsupport;

import java.util.Arrays;

/**
 * Reads samples out of a service's Prometheus text exposition, for tests that check what
 * a service measures.
 */
public final class PrometheusScrape {

	private PrometheusScrape() {
	}

	/**
	 * Sums the samples of one metric whose labels include all the given ones.
	 * @param scrape the body of {@code /actuator/prometheus}
	 * @param name the metric's Prometheus name, for example
	 * {@code events_processed_total}
	 * @param labels labels as they appear in the exposition, for example
	 * {@code queue="ledger-service-events"}
	 * @return the sum, zero if no sample matches
	 */
	public static double sum(String scrape, String name, String... labels) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
