package io.bookingdemo.booking.bookings;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads a date from a JSON string that holds a plain ISO date ({@code "2027-03-01"}) and
 * nothing else: a date-time such as {@code "2031-03-01T23:30:00Z"} is refused, not cut to
 * its date, because which day it means depends on a time zone the request does not say.
 */
class PlainDateDeserializer extends ValueDeserializer<LocalDate> {

	@Override
	public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_STRING) {
			return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
		}
		String text = parser.getString();
		try {
			return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
		}
		catch (DateTimeParseException ex) {
			throw InvalidFormatException.from(parser, "must be a date such as \"2027-03-01\", without a time", text,
					LocalDate.class);
		}
	}

}
