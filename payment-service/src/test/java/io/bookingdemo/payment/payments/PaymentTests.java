package io.bookingdemo.payment.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PaymentTests {

	private static final BigDecimal LIMIT = new BigDecimal("10000.00");

	@Test
	void capturesAnAmountUpToTheLimit() {
		Payment payment = aPayment("10000.00");

		assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
		assertThat(payment.amount()).isEqualTo(new BigDecimal("10000.00"));
		assertThat(payment.reason()).isNull();
	}

	@Test
	void declinesAnAmountOverTheLimitWithTheReason() {
		Payment payment = aPayment("10000.01");

		assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
		assertThat(payment.reason()).isEqualTo("amount 10000.01 EUR exceeds the limit of 10000.00");
	}

	@Test
	void keepsTheAmountInCents() {
		assertThat(aPayment("420").amount()).isEqualTo(new BigDecimal("420.00"));
	}

	@Test
	void refusesAmountsThatAreNotPositiveCents() {
		assertThatIllegalArgumentException().isThrownBy(() -> aPayment("0"));
		assertThatIllegalArgumentException().isThrownBy(() -> aPayment("-1.00"));
		assertThatIllegalArgumentException().isThrownBy(() -> aPayment("1.005"));
	}

	@Test
	void refundsACapturedPayment() {
		Payment payment = aPayment("420.00");

		payment.refund(Instant.parse("2027-02-02T14:00:01.123456789Z"));

		assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
		assertThat(payment.refundedAt()).isEqualTo(Instant.parse("2027-02-02T14:00:01.123456Z"));
		assertThat(payment.amount()).isEqualTo(new BigDecimal("420.00"));
	}

	@Test
	void isNotRefundedUntilItIsRefunded() {
		assertThat(aPayment("420.00").refundedAt()).isNull();
		assertThat(aPayment("10000.01").refundedAt()).isNull();
	}

	@Test
	void refusesToRefundADeclinedPayment() {
		Payment payment = aPayment("10000.01");

		assertThatIllegalStateException().isThrownBy(() -> payment.refund(Instant.now()))
			.withMessageContaining("is DECLINED");
		assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
		assertThat(payment.refundedAt()).isNull();
	}

	@Test
	void refusesToRefundTwice() {
		Payment payment = aPayment("420.00");
		Instant refundedAt = Instant.parse("2027-02-02T14:00:01Z");
		payment.refund(refundedAt);

		assertThatIllegalStateException().isThrownBy(() -> payment.refund(refundedAt.plusSeconds(60)))
			.withMessageContaining("is REFUNDED");
		assertThat(payment.refundedAt()).isEqualTo(refundedAt);
	}

	@Test
	void declinesACurrencyThatIsNotAcceptedNamingTheAcceptedOnes() {
		Payment payment = aPayment("420.00", "JPY");

		assertThat(payment.status()).isEqualTo(PaymentStatus.DECLINED);
		assertThat(payment.reason()).isEqualTo("currency JPY is not accepted (accepted: CHF, EUR, GBP, USD)");
	}

	@Test
	void boundsAReasonToItsColumnAndSaysItWasCut() {
		String bounded = Payment.bounded("x".repeat(5000));

		assertThat(bounded).hasSize(Payment.MAX_REASON).endsWith("... [truncated]").startsWith("xxx");
		assertThat(Payment.bounded("short")).isEqualTo("short");
		assertThat(Payment.bounded("y".repeat(Payment.MAX_REASON))).isEqualTo("y".repeat(Payment.MAX_REASON));
	}

	@Test
	void neverCutsASurrogatePairInHalf() {
		String bounded = Payment.bounded("\uD83D\uDE00".repeat(1000));

		assertThat(bounded).endsWith("... [truncated]").hasSizeLessThanOrEqualTo(Payment.MAX_REASON);
		assertThat(Character.isHighSurrogate(bounded.charAt(bounded.length() - "... [truncated]".length() - 1)))
			.isFalse();
	}

	static Payment aPayment(String amount) {
		return aPayment(amount, "EUR");
	}

	static Payment aPayment(String amount, String currency) {
		return Payment.take(UUID.randomUUID(), new BigDecimal(amount), currency, AcceptedCurrencies.fromContract(),
				LIMIT, UUID.randomUUID(), Instant.parse("2027-02-01T09:30:01.123456789Z"));
	}

}
