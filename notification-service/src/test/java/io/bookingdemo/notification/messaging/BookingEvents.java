package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Test data for the booking and payment events this service reads: three nights in
 * room-101 for 420.00 EUR, each with a fresh event id.
 */
public final class BookingEvents {

	private static final LocalDate START = LocalDate.of(2027, 3, 1);

	private static final LocalDate END = LocalDate.of(2027, 3, 4);

	private BookingEvents() {
	}

	/**
	 * A {@code BookingCreated} with fresh event and booking ids.
	 * @return the event
	 */
	public static BookingCreated aBookingCreated() {
		return new BookingCreated(UUID.randomUUID(), Instant.parse("2027-02-01T09:30:00Z"), UUID.randomUUID(),
				"cust-42", "ada@example.com", "room-101", START, END, new BigDecimal("420.00"), "EUR");
	}

	/**
	 * A {@code BookingConfirmed}.
	 * @param bookingId the booking
	 * @return the event
	 */
	public static BookingConfirmed aBookingConfirmed(UUID bookingId) {
		return new BookingConfirmed(UUID.randomUUID(), bookingId, "ada@example.com", "room-101", START, END,
				new BigDecimal("420.00"), "EUR");
	}

	/**
	 * A {@code BookingRejected} for an amount over the payment limit.
	 * @param bookingId the booking
	 * @return the event
	 */
	public static BookingRejected aBookingRejected(UUID bookingId) {
		return new BookingRejected(UUID.randomUUID(), bookingId, "amount 12000.00 EUR exceeds the limit of 10000.00",
				"ada@example.com", "room-101", START, END);
	}

	/**
	 * A {@code BookingCancelled}.
	 * @param bookingId the booking
	 * @return the event
	 */
	public static BookingCancelled aBookingCancelled(UUID bookingId) {
		return new BookingCancelled(UUID.randomUUID(), bookingId, "ada@example.com", "room-101", START, END);
	}

	/**
	 * A {@code BookingExpired}.
	 * @param bookingId the booking
	 * @return the event
	 */
	public static BookingExpired aBookingExpired(UUID bookingId) {
		return new BookingExpired(UUID.randomUUID(), bookingId, "ada@example.com", "room-101", START, END);
	}

	/**
	 * A {@code PaymentRefunded} of the whole amount.
	 * @param bookingId the booking
	 * @return the event
	 */
	public static PaymentRefunded aPaymentRefunded(UUID bookingId) {
		return new PaymentRefunded(UUID.randomUUID(), bookingId, new BigDecimal("420.00"), "EUR");
	}

}
