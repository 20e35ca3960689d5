package io.bookingdemo.booking.bookings;

/**
 * Where a booking stands. Every booking starts {@link #PENDING} until its payment outcome
 * arrives.
 */
enum BookingStatus {

	PENDING, CONFIRMED, REJECTED, CANCELLED

}
