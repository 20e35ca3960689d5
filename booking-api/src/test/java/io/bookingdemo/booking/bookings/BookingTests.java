package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BookingTests {

	private static final LocalDate START = LocalDate.of(2027, 3, 1);

	@Test
	void startsPendingWithAmountInCents() {
		Booking booking = aBooking(START, START.plusDays(3), new BigDecimal("420"));

		assertThat(booking.status()).isEqualTo(BookingStatus.PENDING);
		assertThat(booking.amount()).isEqualByComparingTo("420").hasScaleOf(2);
		assertThat(booking.id()).isNotNull();
	}

	@Test
	void keepsTimestampsAtTheDatabasePrecision() {
		Booking booking = new Booking("cust-1", "ada@example.com", "room-1", START, START.plusDays(1), BigDecimal.TEN,
				"EUR", Instant.parse("2027-01-01T10:00:00.123456789Z"));

		assertThat(booking.createdAt()).isEqualTo(Instant.parse("2027-01-01T10:00:00.123456Z"));
	}

	@Test
	void refusesStayThatDoesNotEndAfterItStarts() {
		assertThatIllegalArgumentException().isThrownBy(() -> aBooking(START, START, BigDecimal.TEN));
	}

	@Test
	void refusesNonPositiveAmount() {
		assertThatIllegalArgumentException().isThrownBy(() -> aBooking(START, START.plusDays(1), BigDecimal.ZERO));
	}

	@Test
	void refusesAmountWithMoreThanTwoDecimalPlaces() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> aBooking(START, START.plusDays(1), new BigDecimal("1.005")));
	}

	static Booking aBooking(LocalDate start, LocalDate end, BigDecimal amount) {
		return new Booking("cust-42", "ada@example.com", "room-101", start, end, amount, "EUR", Instant.now());
	}

}
