package io.bookingdemo.booking.bookings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import java.util.TreeSet;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The value is one of the currencies of the contract {@code contracts/currencies.json},
 * the currencies payment-service can take.
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptedCurrency.Validator.class)
@interface AcceptedCurrency {

	String message() default "must be an accepted currency";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<AcceptedCurrency, String> {

		// The contract document, which the build copies from contracts/.
		private static final String CONTRACT = "/contracts/currencies.json";

		private static final Set<String> ACCEPTED = read();

		private static final String MESSAGE = "must be one of " + String.join(", ", new TreeSet<>(ACCEPTED));

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null || ACCEPTED.contains(value)) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(MESSAGE).addConstraintViolation();
			return false;
		}

		private static Set<String> read() {
			try (InputStream in = AcceptedCurrency.class.getResourceAsStream(CONTRACT)) {
				if (in == null) {
					throw new IllegalStateException(CONTRACT + " is not on the class path");
				}
				Set<String> codes = new TreeSet<>();
				for (JsonNode code : JsonMapper.builder().build().readTree(in).required("currencies")) {
					codes.add(code.asString());
				}
				return Set.copyOf(codes);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
