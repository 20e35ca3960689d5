package io.bookingdemo.payment.payments;

/**
 * The state of a payment: the outcome of taking it, and whether it was given back.
 */
enum PaymentStatus {

	CAPTURED, DECLINED, REFUNDED

}
