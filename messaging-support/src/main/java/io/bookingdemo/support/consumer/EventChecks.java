package io.bookingdemo.support.consumer;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.logging.LogText;
import org.springframework.util.function.SingletonSupplier;

/**
 * What the {@link EventRouter} checks an event against before any handler runs: every
 * number, whether a JSON number or a string read as a {@code BigDecimal}, within the
 * configured precision and scale, and the event's record valid by its Bean Validation
 * constraints.
 */
final class EventChecks {

	// A decimal within the bounds is far shorter; a longer string is refused before it
	// is parsed.
	private static final int MAX_DECIMAL_TEXT = 100;

	/** The checks with the default bounds and a validator of its own, made once. */
	static final Supplier<EventChecks> DEFAULTS = SingletonSupplier
		.of(() -> new EventChecks(new MessagingProperties.Limits(30, 10),
				Validation.buildDefaultValidatorFactory().getValidator()));

	private final int maxPrecision;

	private final int maxScale;

	private final Validator validator;

	EventChecks(MessagingProperties.Limits limits, Validator validator) {
		this.maxPrecision = limits.maxPrecision();
		this.maxScale = limits.maxScale();
		this.validator = validator;
	}

	/**
	 * The deserializer for {@code BigDecimal} that refuses numbers out of bounds, from a
	 * JSON number or a string alike.
	 * @return the module holding it
	 */
	JacksonModule module() {
		return new SimpleModule("bounded-decimals").addDeserializer(BigDecimal.class, new BoundedDecimals());
	}

	/**
	 * Refuses a tree that holds a JSON number out of bounds, wherever it is and whatever
	 * the record would read it as.
	 * @param node the event
	 */
	void requireBoundedNumbers(JsonNode node) {
		requireBoundedNumbers("", node);
	}

	private void requireBoundedNumbers(String name, JsonNode node) {
		if (node.isNumber() && !isWithinBounds(node.decimalValue())) {
			throw new UnprocessableMessageException(
					"The message holds a number out of bounds" + at(name) + ": " + bounds(node.decimalValue()));
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				requireBoundedNumbers(property.getKey(), property.getValue());
			}
		}
		else if (node.isArray()) {
			node.valueStream().forEach((element) -> requireBoundedNumbers(name, element));
		}
	}

	/**
	 * Refuses an event its record's constraints do not accept.
	 * @param eventType the event type's wire name
	 * @param event the event, read into its record
	 */
	void requireValid(String eventType, Object event) {
		Set<ConstraintViolation<Object>> violations = this.validator.validate(event);
		if (!violations.isEmpty()) {
			throw new UnprocessableMessageException("Invalid " + eventType + ": "
					+ violations.stream()
						.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
						.sorted()
						.collect(Collectors.joining("; ")));
		}
	}

	// Precision and scale are read from the number's representation, without expanding
	// it, so the check costs nothing however large the exponent.
	private boolean isWithinBounds(BigDecimal value) {
		return value.precision() <= this.maxPrecision && Math.abs((long) value.scale()) <= this.maxScale;
	}

	private String bounds(BigDecimal value) {
		return value.precision() + " digits and scale " + value.scale() + ", where at most " + this.maxPrecision
				+ " digits and a scale within " + this.maxScale + " either way are read";
	}

	private static String at(String name) {
		// The name is the body's, whatever it holds.
		return name.isEmpty() ? "" : " in " + LogText.escape(name, 64);
	}

	private final class BoundedDecimals extends StdScalarDeserializer<BigDecimal> {

		private BoundedDecimals() {
			super(BigDecimal.class);
		}

		@Override
		public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
			String name = String.valueOf(parser.currentName());
			if (parser.hasToken(JsonToken.VALUE_STRING) && parser.getString().length() > MAX_DECIMAL_TEXT) {
				return context.reportInputMismatch(this, "%s is a number of more than %d characters", name,
						MAX_DECIMAL_TEXT);
			}
			BigDecimal value = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(parser, context);
			if (value != null && !isWithinBounds(value)) {
				return context.reportInputMismatch(this, "%s is out of bounds: %s", name, bounds(value));
			}
			return value;
		}

	}

}
