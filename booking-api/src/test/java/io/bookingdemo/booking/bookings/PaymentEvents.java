package io.bookingdemo.booking.bookings;

import java.util.UUID;

import io.bookingdemo.testsupport.LocalInfrastructure;

/**
 * Payment outcomes as payment-service publishes them, sent straight to booking-api's
 * queue.
 */
final class PaymentEvents {

	static final String QUEUE = "booking-api-payment-events";

	private PaymentEvents() {
	}

	static void sendPaymentCaptured(String bookingId, UUID paymentId, UUID eventId) {
		sendPaymentCaptured(bookingId, paymentId, eventId, "\"420.00\"");
	}

	static void sendPaymentCaptured(String bookingId, UUID paymentId, UUID eventId, String amount) {
		String body = """
				{"eventId":"%s","eventType":"PaymentCaptured","eventVersion":1,"occurredAt":"2027-02-01T09:30:01Z",\
				"paymentId":"%s","bookingId":"%s","amount":%s,"currency":"EUR"}""".formatted(eventId, paymentId,
				bookingId, amount);
		LocalInfrastructure.shared().queues().send(QUEUE, body, "PaymentCaptured", eventId.toString());
	}

	static void sendPaymentDeclined(String bookingId, UUID paymentId, UUID eventId, String reason) {
		String body = """
				{"eventId":"%s","eventType":"PaymentDeclined","eventVersion":1,"occurredAt":"2027-02-01T09:30:01Z",\
				"paymentId":"%s","bookingId":"%s","amount":"420.00","currency":"EUR","reason":"%s"}"""
			.formatted(eventId, paymentId, bookingId, reason);
		LocalInfrastructure.shared().queues().send(QUEUE, body, "PaymentDeclined", eventId.toString());
	}

}
