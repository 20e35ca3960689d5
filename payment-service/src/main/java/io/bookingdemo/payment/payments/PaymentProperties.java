package io.bookingdemo.payment.payments;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payments.
 *
 * @param declineAbove the largest amount that is captured, larger ones are declined; at
 * most two decimal places like the amounts, so that a mistyped limit fails the start
 * instead of every payment
 */
@Validated
@ConfigurationProperties("payment")
record PaymentProperties(@NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2) BigDecimal declineAbove) {

}
