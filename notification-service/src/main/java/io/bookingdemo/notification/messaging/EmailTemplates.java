package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import io.bookingdemo.notification.notifications.Email;

/**
 * Renders the e-mails sent to customers from the events that trigger them.
 */
final class EmailTemplates {

	// Control characters (line breaks among them) and Unicode line separators: in the
	// subject they would start new headers, in the body new lines the template never had.
	private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]");

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

	private static final String BOOKING_CONFIRMED = """
			Hello,

			your booking is confirmed: we received your payment.

			Resource:  %s
			From:      %s
			To:        %s
			Nights:    %d
			Paid:      %s %s
			Booking:   %s

			We look forward to your stay.
			""";

	private static final String BOOKING_REJECTED = """
			Hello,

			we are sorry: your booking was not accepted.

			Reason:    %s
			Resource:  %s
			From:      %s
			To:        %s
			Booking:   %s

			Nothing was charged. You are welcome to book again.
			""";

	private static final String BOOKING_CANCELLED = """
			Hello,

			your booking has been cancelled.

			Resource:  %s
			From:      %s
			To:        %s
			Booking:   %s

			If you have paid, a separate e-mail will tell you once the refund has been issued.
			""";

	private static final String BOOKING_EXPIRED = """
			Hello,

			we are sorry: we did not receive the payment for your booking in time, so the
			booking has expired and the dates are free again.

			Resource:  %s
			From:      %s
			To:        %s
			Booking:   %s

			If a payment is taken after all, a separate e-mail will tell you once it has been
			refunded. You are welcome to book again.
			""";

	private static final String REFUND_ISSUED = """
			Hello,

			we have refunded your payment.

			Refunded:  %s %s
			Booking:   %s

			Depending on your bank, the money may take a few days to reach your account.
			""";

	private EmailTemplates() {
	}

	static Email bookingReceived(BookingCreated booking) {
		String subject = "We received your booking for " + text(booking.resourceId());
		String body = BOOKING_RECEIVED.formatted(text(booking.customerId()), text(booking.resourceId()),
				booking.startDate(), booking.endDate(), nights(booking.startDate(), booking.endDate()),
				amount(booking.amount()), text(booking.currency()), booking.bookingId());
		return new Email(subject, body);
	}

	static Email bookingConfirmed(BookingConfirmed booking) {
		String subject = "Your booking for " + text(booking.resourceId()) + " is confirmed";
		String body = BOOKING_CONFIRMED.formatted(text(booking.resourceId()), booking.startDate(), booking.endDate(),
				nights(booking.startDate(), booking.endDate()), amount(booking.amount()), text(booking.currency()),
				booking.bookingId());
		return new Email(subject, body);
	}

	static Email bookingRejected(BookingRejected booking) {
		String subject = "Your booking for " + text(booking.resourceId()) + " was not accepted";
		String body = BOOKING_REJECTED.formatted(text(booking.reason()), text(booking.resourceId()),
				booking.startDate(), booking.endDate(), booking.bookingId());
		return new Email(subject, body);
	}

	static Email bookingCancelled(BookingCancelled booking) {
		String subject = "Your booking for " + text(booking.resourceId()) + " is cancelled";
		String body = BOOKING_CANCELLED.formatted(text(booking.resourceId()), booking.startDate(), booking.endDate(),
				booking.bookingId());
		return new Email(subject, body);
	}

	static Email bookingExpired(BookingExpired booking) {
		String subject = "Your booking for " + text(booking.resourceId()) + " has expired";
		String body = BOOKING_EXPIRED.formatted(text(booking.resourceId()), booking.startDate(), booking.endDate(),
				booking.bookingId());
		return new Email(subject, body);
	}

	static Email refundIssued(PaymentRefunded refund) {
		String subject = "We refunded " + amount(refund.amount()) + " " + text(refund.currency()) + " for your booking";
		String body = REFUND_ISSUED.formatted(amount(refund.amount()), text(refund.currency()), refund.bookingId());
		return new Email(subject, body);
	}

	// The e-mail is plain text, so markup in a field shows as the characters it is and
	// runs nowhere; only what could break the e-mail's lines is replaced.
	private static String text(String field) {
		return UNPRINTABLE.matcher(field).replaceAll("\uFFFD");
	}

	private static long nights(LocalDate startDate, LocalDate endDate) {
		return ChronoUnit.DAYS.between(startDate, endDate);
	}

	private static String amount(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
	}

}
