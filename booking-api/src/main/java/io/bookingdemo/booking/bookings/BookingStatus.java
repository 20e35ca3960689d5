package io.bookingdemo.booking.bookings;

/**
 * Where a booking stands. Every booking starts {@link #PENDING} until its payment outcome
 * arrives, or until it expires for want of one.
 */
enum BookingStatus {

	PENDING, CONFIRMED, REJECTED, CANCELLED, EXPIRED

}
