package io.bookingdemo.booking.bookings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A stay ends after it starts and lasts at most {@value #MAX_NIGHTS} nights; a violation
 * is reported on {@code endDate}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidStay.Validator.class)
@interface ValidStay {

	int MAX_NIGHTS = 365;

	String message() default "must be after startDate and at most " + MAX_NIGHTS + " nights later";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidStay, CreateBookingRequest> {

		@Override
		public boolean isValid(CreateBookingRequest request, ConstraintValidatorContext context) {
			if (request.startDate() == null || request.endDate() == null) {
				return true;
			}
			long nights = ChronoUnit.DAYS.between(request.startDate(), request.endDate());
			if (nights >= 1 && nights <= MAX_NIGHTS) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
				.addPropertyNode("endDate")
				.addConstraintViolation();
			return false;
		}

	}

}
