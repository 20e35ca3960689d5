package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BookingTests {

	private static final LocalDate START = LocalDate.of(2027, 3, 1);

	private static final Instant DECIDED = Instant.parse("2027-01-02T08:00:00Z");

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

	@Test
	void confirmsAPendingBookingWithItsPayment() {
		Booking booking = aBooking();
		UUID paymentId = UUID.randomUUID();

		booking.confirm(paymentId, Instant.parse("2027-01-02T08:00:00.123456789Z"));

		assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
		assertThat(booking.paymentId()).isEqualTo(paymentId);
		assertThat(booking.rejectionReason()).isNull();
		assertThat(booking.decidedAt()).isEqualTo(Instant.parse("2027-01-02T08:00:00.123456Z"));
	}

	@Test
	void rejectsAPendingBookingWithTheReason() {
		Booking booking = aBooking();

		booking.reject(UUID.randomUUID(), "amount exceeds the limit", Instant.parse("2027-01-02T08:00:00Z"));

		assertThat(booking.status()).isEqualTo(BookingStatus.REJECTED);
		assertThat(booking.rejectionReason()).isEqualTo("amount exceeds the limit");
		assertThat(booking.decidedAt()).isEqualTo(Instant.parse("2027-01-02T08:00:00Z"));
	}

	@Test
	void cancelsOnlyAConfirmedBooking() {
		Booking pending = aBooking();
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(pending::cancel)
			.satisfies((ex) -> assertThat(ex.getBody().getDetail())
				.endsWith("is PENDING; only a CONFIRMED booking can be cancelled"));
		assertThat(pending.status()).isEqualTo(BookingStatus.PENDING);

		Booking confirmed = aBooking();
		confirmed.confirm(UUID.randomUUID(), DECIDED);
		confirmed.cancel();
		assertThat(confirmed.status()).isEqualTo(BookingStatus.CANCELLED);
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(confirmed::cancel);
	}

	@Test
	void refusesEveryPaymentOutcomeOnceTheBookingLeftPending() {
		Booking confirmed = aBooking();
		confirmed.confirm(UUID.randomUUID(), DECIDED);
		Booking rejected = aBooking();
		rejected.reject(UUID.randomUUID(), "declined", DECIDED);
		Booking cancelled = aBooking();
		cancelled.confirm(UUID.randomUUID(), DECIDED);
		cancelled.cancel();

		for (Booking booking : List.of(confirmed, rejected, cancelled)) {
			BookingStatus before = booking.status();
			assertThatExceptionOfType(BookingStateException.class)
				.isThrownBy(() -> booking.confirm(UUID.randomUUID(), DECIDED));
			assertThatExceptionOfType(BookingStateException.class)
				.isThrownBy(() -> booking.reject(UUID.randomUUID(), "declined", DECIDED));
			assertThat(booking.status()).isEqualTo(before);
		}
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(rejected::cancel);
	}

	@Test
	void expiresOnlyAPendingBookingAndThenRefusesItsPaymentOutcome() {
		Booking pending = aBooking();

		pending.expire(DECIDED);

		assertThat(pending.status()).isEqualTo(BookingStatus.EXPIRED);
		assertThat(pending.decidedAt()).isEqualTo(DECIDED);
		assertThat(pending.paymentId()).isNull();
		assertThatExceptionOfType(BookingStateException.class)
			.isThrownBy(() -> pending.confirm(UUID.randomUUID(), DECIDED));
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(() -> pending.expire(DECIDED));
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(pending::cancel);
		Booking confirmed = aBooking();
		confirmed.confirm(UUID.randomUUID(), DECIDED);
		assertThatExceptionOfType(BookingStateException.class).isThrownBy(() -> confirmed.expire(DECIDED));
		assertThat(confirmed.status()).isEqualTo(BookingStatus.CONFIRMED);
	}

	private static Booking aBooking() {
		return aBooking(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4), new BigDecimal("420.00"));
	}

	static Booking aBooking(LocalDate start, LocalDate end, BigDecimal amount) {
		return new Booking("cust-42", "ada@example.com", "room-101", start, end, amount, "EUR", Instant.now());
	}

}
