package io.bookingdemo.notification.notifications;

/**
 * What a notification tells the customer; each type is sent at most once per booking.
 */
public enum NotificationType {

	BOOKING_RECEIVED, BOOKING_CONFIRMED, BOOKING_REJECTED, BOOKING_CANCELLED, REFUND_ISSUED, BOOKING_EXPIRED

}
