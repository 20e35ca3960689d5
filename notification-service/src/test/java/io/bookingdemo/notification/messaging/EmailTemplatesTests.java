package io.bookingdemo.notification.messaging;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.bookingdemo.notification.notifications.Email;

import static org.assertj.core.api.Assertions.assertThat;

class EmailTemplatesTests {

	@Test
	void namesTheResourceInTheBookingReceivedSubject() {
		Email email = EmailTemplates.bookingReceived(BookingEvents.aBookingCreated());

		assertThat(email.subject()).isEqualTo("We received your booking for room-101");
	}

	@Test
	void describesTheBookingInTheBookingReceivedBody() {
		BookingCreated booking = BookingEvents.aBookingCreated();

		Email email = EmailTemplates.bookingReceived(booking);

		assertThat(email.body()).contains("Customer:  cust-42")
			.contains("Resource:  room-101")
			.contains("From:      2027-03-01")
			.contains("To:        2027-03-04")
			.contains("Nights:    3")
			.contains("Amount:    420.00 EUR")
			.contains("Booking:   " + booking.bookingId())
			.contains("confirmation once the payment has been processed");
	}

	@Test
	void showsTheAmountWithTwoDecimals() {
		BookingCreated booking = BookingEvents.aBookingCreated();
		BookingCreated withShortAmount = new BookingCreated(booking.eventId(), booking.occurredAt(),
				booking.bookingId(), booking.customerId(), booking.customerEmail(), booking.resourceId(),
				booking.startDate(), booking.endDate(), new BigDecimal("99.5"), "USD");

		assertThat(EmailTemplates.bookingReceived(withShortAmount).body()).contains("Amount:    99.50 USD");
	}

	@Test
	void confirmsTheBookingWithWhatWasPaid() {
		BookingConfirmed booking = BookingEvents.aBookingConfirmed(UUID.randomUUID());

		Email email = EmailTemplates.bookingConfirmed(booking);

		assertThat(email.subject()).isEqualTo("Your booking for room-101 is confirmed");
		assertThat(email.body()).contains("your booking is confirmed")
			.contains("Resource:  room-101")
			.contains("From:      2027-03-01")
			.contains("To:        2027-03-04")
			.contains("Nights:    3")
			.contains("Paid:      420.00 EUR")
			.contains("Booking:   " + booking.bookingId());
	}

	@Test
	void explainsTheRejectionWithTheReasonFromTheEvent() {
		BookingRejected booking = BookingEvents.aBookingRejected(UUID.randomUUID());

		Email email = EmailTemplates.bookingRejected(booking);

		assertThat(email.subject()).isEqualTo("Your booking for room-101 was not accepted");
		assertThat(email.body()).contains("Reason:    amount 12000.00 EUR exceeds the limit of 10000.00")
			.contains("Resource:  room-101")
			.contains("From:      2027-03-01")
			.contains("Booking:   " + booking.bookingId())
			.contains("Nothing was charged");
	}

	@Test
	void confirmsTheCancellationAndAnnouncesTheRefundSeparately() {
		BookingCancelled booking = BookingEvents.aBookingCancelled(UUID.randomUUID());

		Email email = EmailTemplates.bookingCancelled(booking);

		assertThat(email.subject()).isEqualTo("Your booking for room-101 is cancelled");
		assertThat(email.body()).contains("your booking has been cancelled")
			.contains("Resource:  room-101")
			.contains("To:        2027-03-04")
			.contains("Booking:   " + booking.bookingId())
			.contains("separate e-mail");
	}

	@Test
	void tellsThatTheBookingExpiredAndTheDatesAreFree() {
		BookingExpired booking = BookingEvents.aBookingExpired(UUID.randomUUID());

		Email email = EmailTemplates.bookingExpired(booking);

		assertThat(email.subject()).isEqualTo("Your booking for room-101 has expired");
		assertThat(email.body()).contains("did not receive the payment for your booking in time")
			.contains("Resource:  room-101")
			.contains("From:      2027-03-01")
			.contains("Booking:   " + booking.bookingId())
			.contains("refunded");
	}

	@Test
	void namesTheRefundedAmountAndCurrency() {
		PaymentRefunded refund = new PaymentRefunded(UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("99.5"),
				"CHF");

		Email email = EmailTemplates.refundIssued(refund);

		assertThat(email.subject()).isEqualTo("We refunded 99.50 CHF for your booking");
		assertThat(email.body()).contains("Refunded:  99.50 CHF").contains("Booking:   " + refund.bookingId());
	}

}
