package io.bookingdemo.notification.notifications;

import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;

import io.bookingdemo.notification.messaging.BookingCreated;

/**
 * Renders the e-mails sent to customers from the events that trigger them.
 */
final class EmailTemplates {

	private static final String BOOKING_RECEIVED = """
			Hello,

			we received your booking and are now processing the payment.

			Customer:  %s
			Resource:  %s
			From:      %s
			To:        %s
			Nights:    %d
			Amount:    %s %s
			Booking:   %s

			You will receive a confirmation once the payment has been processed.
			""";

	private EmailTemplates() {
	}

	static Email bookingReceived(BookingCreated booking) {
		long nights = ChronoUnit.DAYS.between(booking.startDate(), booking.endDate());
		String subject = "We received your booking for " + booking.resourceId();
		String body = BOOKING_RECEIVED.formatted(booking.customerId(), booking.resourceId(), booking.startDate(),
				booking.endDate(), nights, booking.amount().setScale(2, RoundingMode.HALF_EVEN).toPlainString(),
				booking.currency(), booking.bookingId());
		return new Email(subject, body);
	}

}
