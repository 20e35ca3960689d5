package io.bookingdemo.payment.payments;

import java.math.BigDecimal;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentPropertiesTests {

	private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

	private final Validator validator = VALIDATION.getValidator();

	@AfterAll
	static void closeValidation() {
		VALIDATION.close();
	}

	@Test
	void acceptsALimitInCents() {
		assertThat(this.validator.validate(withDeclineAbove("10000.00"))).isEmpty();
	}

	@Test
	void rejectsALimitWithMoreThanTwoDecimalPlaces() {
		assertThat(this.validator.validate(withDeclineAbove("10000.005")))
			.extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("declineAbove");
	}

	@Test
	void rejectsANegativeLimit() {
		assertThat(this.validator.validate(withDeclineAbove("-1.00")))
			.extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("declineAbove");
	}

	private static PaymentProperties withDeclineAbove(String limit) {
		return new PaymentProperties(new BigDecimal(limit));
	}

}
