package io.bookingdemo.notification.notifications;

/**
 * How a notification reaches the customer.
 */
enum Channel {

	EMAIL

}
