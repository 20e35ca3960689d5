package io.bookingdemo.booking.bookings;

/**
 * Inserts a new booking with one SQL statement, without the persistence context's flush
 * of the write path.
 */
interface NewBookings {

	/**
	 * Inserts the booking in the current transaction; the database's constraints answer
	 * at once.
	 * @param booking a booking not yet stored
	 * @throws org.springframework.dao.DataIntegrityViolationException if a constraint
	 * refuses it, such as the overlap of its dates with a live booking
	 */
	void insert(Booking booking);

}
