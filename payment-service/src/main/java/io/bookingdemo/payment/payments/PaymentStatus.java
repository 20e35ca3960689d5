package io.bookingdemo.payment.payments;

/**
 * The outcome of a payment.
 */
enum PaymentStatus {

	CAPTURED, DECLINED

}
