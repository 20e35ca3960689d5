package io.bookingdemo.payment.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Test data for the booking events this service reads.
 */
public final class BookingEvents {

	private BookingEvents() {
	}

	/**
	 * A {@code BookingCreated} of three nights in room-101 for 420.00 EUR, with fresh
	 * event and booking ids.
	 * @return the event
	 */
	public static BookingCreated aBookingCreated() {
		return new BookingCreated(UUID.randomUUID(), Instant.parse("2027-02-01T09:30:00Z"), UUID.randomUUID(),
				"cust-42", "ada@example.com", "room-101", LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4),
				new BigDecimal("420.00"), "EUR");
	}

}
