package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /bookings}. Unknown fields, duplicate keys and values of the
 * wrong JSON type are refused before these constraints are checked.
 *
 * @param customerId who books: the caller's token's subject, which the field may repeat
 * or leave out
 * @param customerEmail where notifications go
 * @param resourceId what is booked
 * @param startDate the first night
 * @param endDate the day of departure
 * @param amount the price, as a JSON string or number, at most two decimal places
 * @param currency an ISO 4217 code of {@code contracts/currencies.json}
 */
@ValidStay
record CreateBookingRequest(@Nullable @Pattern(regexp = ID, message = ID_MESSAGE) String customerId,
		@NotNull @Size(max = 254) @Email @Pattern(regexp = EMAIL,
				message = "must be a well-formed email address") String customerEmail,
		@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String resourceId,
		@NotNull @JsonDeserialize(using = PlainDateDeserializer.class) LocalDate startDate,
		@NotNull @JsonDeserialize(using = PlainDateDeserializer.class) LocalDate endDate,
		@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000") @Digits(integer = 7,
				fraction = 2) @JsonDeserialize(using = AmountDeserializer.class) BigDecimal amount,
		@NotNull @AcceptedCurrency String currency) {

	static final String ID = "[A-Za-z0-9._-]{1,64}";

	static final String ID_MESSAGE = "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

	/**
	 * This request made by a customer.
	 * @param customer the customer, the caller's token's subject
	 * @return the request with the customer as its {@code customerId}
	 */
	CreateBookingRequest by(String customer) {
		return new CreateBookingRequest(customer, this.customerEmail, this.resourceId, this.startDate, this.endDate,
				this.amount, this.currency);
	}

	static final String EMAIL = "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
			+ "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+";

}
