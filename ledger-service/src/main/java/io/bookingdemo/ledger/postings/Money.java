package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A positive amount with two fraction digits in one ISO 4217 currency.
 *
 * @param amount the amount, scaled to two fraction digits
 * @param currency the three-letter currency code
 */
record Money(BigDecimal amount, String currency) {

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	Money {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		if (amount.signum() <= 0) {
			throw new IllegalArgumentException("amount must be positive, not " + amount.toPlainString());
		}
		if (amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException(
					"amount must have at most two fraction digits, not " + amount.toPlainString());
		}
		if (amount.precision() - amount.scale() > 10) {
			throw new IllegalArgumentException("amount is too large: " + amount.toPlainString());
		}
		if (!CURRENCY.matcher(currency).matches()) {
			throw new IllegalArgumentException("currency must be three capital letters, not '" + currency + "'");
		}
		amount = amount.setScale(2, RoundingMode.UNNECESSARY);
	}

	/**
	 * Writes an amount the way the API answers with it: a plain decimal string with two
	 * fraction digits.
	 * @param amount the amount
	 * @return the amount as text, for example {@code "420.00"}
	 */
	static String format(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
	}

}
