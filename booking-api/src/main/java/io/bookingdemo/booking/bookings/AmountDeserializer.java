package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads a money amount from a JSON string ({@code "420.00"}) or number ({@code 420.00})
 * straight into a {@link BigDecimal}, never through a binary floating-point value.
 */
class AmountDeserializer extends ValueDeserializer<BigDecimal> {

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");

	@Override
	public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDecimalValue();
		}
		if (token == JsonToken.VALUE_STRING) {
			String text = parser.getString();
			if (!DECIMAL.matcher(text).matches()) {
				throw InvalidFormatException.from(parser, "amount must be a decimal number such as \"420.00\"", text,
						BigDecimal.class);
			}
			return new BigDecimal(text);
		}
		return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
	}

}
