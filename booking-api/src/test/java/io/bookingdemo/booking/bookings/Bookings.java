package io.bookingdemo.booking.bookings;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Test data for bookings.
 */
final class Bookings {

	private Bookings() {
	}

	/**
	 * A valid booking request body for a fresh resource, naming no customer: the booking
	 * is the caller's.
	 * @return the JSON
	 */
	static String aBookingRequest() {
		return aBookingRequest(aCustomer(), "\"420.00\"").replaceFirst("\"customerId\":\"[^\"]*\",", "");
	}

	static String aBookingRequest(String customerId, String amountJson) {
		LocalDate start = LocalDate.of(2027, 3, 1);
		return aBookingRequest(customerId, aResource(), start, start.plusDays(3), amountJson);
	}

	static String aBookingRequest(String customerId, String resourceId, LocalDate start, LocalDate end,
			String amountJson) {
		return """
				{"customerId":"%s","customerEmail":"ada@example.com","resourceId":"%s",\
				"startDate":"%s","endDate":"%s","amount":%s,"currency":"EUR"}""".formatted(customerId, resourceId,
				start, end, amountJson);
	}

	static String aResource() {
		return "room-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String aCustomer() {
		return "cust-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
