package io.bookingdemo.payment.payments;

import java.math.BigDecimal;
import java.util.Set;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payments.
 *
 * @param declineAbove the largest amount that is captured, larger ones are declined; at
 * most two decimal places like the amounts, so that a mistyped limit fails the start
 * instead of every payment
 * @param currencies the ISO 4217 currencies the payment provider is set up for
 */
@Validated
@ConfigurationProperties("payment")
record PaymentProperties(@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal declineAbove,
		@NotEmpty Set<@Pattern(regexp = "[A-Z]{3}") String> currencies) {

	boolean accepts(String currency) {
		return this.currencies.contains(currency);
	}

}
