package io.bookingdemo.notification.notifications;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import io.bookingdemo.notification.messaging.BookingCreated;
import io.bookingdemo.notification.messaging.BookingEvents;

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

}
