package io.bookingdemo.payment.payments;

import java.util.Set;
import java.util.TreeSet;

/**
 * Thrown for a payment in a currency the provider is not set up for. That is the
 * operator's to fix, not the customer's, so the payment is neither captured nor declined:
 * the event fails, ends in the dead-letter queue with this reason, and is redriven once
 * {@code payment.currencies} includes the currency.
 */
class UnsupportedCurrencyException extends RuntimeException {

	UnsupportedCurrencyException(String currency, Set<String> accepted) {
		super("Currency " + currency + " is not set up for payments (payment.currencies = " + new TreeSet<>(accepted)
				+ ")");
	}

}
