package io.bookingdemo.loadgen;

import java.util.Set;

/**
 * A place where a booking has an effect after it was accepted, and how many of that
 * effect one booking should leave there.
 */
enum Stage {

	/** payment-service takes the payment. */
	PAYMENT("payment-service", "payment"),

	/** ledger-service posts the booking and, once paid, the payment. */
	LEDGER("ledger-service", "ledger postings"),

	/** notification-service sends the e-mails. */
	NOTIFICATION("notification-service", "e-mails"),

	/** booking-api confirms the booking once its payment was captured. */
	CONFIRMATION("booking-api", "booking CONFIRMED");

	private final String service;

	private final String effect;

	Stage(String service, String effect) {
		this.service = service;
		this.effect = effect;
	}

	String service() {
		return this.service;
	}

	String effect() {
		return this.effect;
	}

	/**
	 * How many effects of this stage one accepted booking should leave, given the
	 * services that run: the payment's outcome reaches the ledger, the e-mails and the
	 * booking only while payment-service runs.
	 * @param running the stages whose service runs
	 * @param effects what one booking leaves with every service running, and without a
	 * payment
	 * @return the expected number, zero if none is expected
	 */
	int expected(Set<Stage> running, DemoSettings.Effects effects) {
		if (!running.contains(this)) {
			return 0;
		}
		boolean paid = running.contains(PAYMENT);
		return switch (this) {
			case PAYMENT -> effects.payments();
			case LEDGER -> paid ? effects.postings() : effects.postingsUnpaid();
			case NOTIFICATION ->
				(paid && running.contains(CONFIRMATION)) ? effects.emails() : effects.emailsUnconfirmed();
			case CONFIRMATION -> paid ? 1 : 0;
		};
	}

	String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
