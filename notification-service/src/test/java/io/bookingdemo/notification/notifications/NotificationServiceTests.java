package io.bookingdemo.notification.notifications;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.bookingdemo.notification.messaging.BookingCreated;
import io.bookingdemo.notification.messaging.BookingEvents;
import io.bookingdemo.notification.messaging.PaymentRefunded;
import io.bookingdemo.notification.messaging.ProcessedEvents;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class NotificationServiceTests {

	private static final Instant NOW = Instant.parse("2027-02-02T14:00:02Z");

	private final NotificationRepository notifications = mock(NotificationRepository.class);

	private final ProcessedEvents processedEvents = mock(ProcessedEvents.class);

	private final NotificationService service = new NotificationService(this.notifications, this.processedEvents,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void refusesRefundOfBookingItKnowsNothingAbout() {
		PaymentRefunded refund = BookingEvents.aPaymentRefunded(UUID.randomUUID());
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(refund.bookingId()))
			.willReturn(Optional.empty());

		assertThatExceptionOfType(UnknownBookingException.class)
			.isThrownBy(() -> this.service.onPaymentRefunded(refund))
			.withMessageContaining(refund.bookingId().toString());
		verifyNoInteractions(this.processedEvents);
		verify(this.notifications, never()).save(any());
	}

	@Test
	void sendsTheRefundToTheAddressStoredForTheBooking() {
		BookingCreated booking = BookingEvents.aBookingCreated();
		Notification received = new Notification(booking.bookingId(), NotificationType.BOOKING_RECEIVED, Channel.EMAIL,
				"grace@example.com", EmailTemplates.bookingReceived(booking), booking.eventId(), NOW);
		PaymentRefunded refund = BookingEvents.aPaymentRefunded(booking.bookingId());
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(booking.bookingId()))
			.willReturn(Optional.of(received));
		given(this.processedEvents.markProcessed(refund.eventId(), PaymentRefunded.TYPE)).willReturn(true);
		given(this.notifications.save(any())).willAnswer((invocation) -> invocation.getArgument(0));

		// The service logs the e-mail after commit, which needs an active
		// synchronization.
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.service.onPaymentRefunded(refund);
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}

		ArgumentCaptor<Notification> saved = ArgumentCaptor.forClass(Notification.class);
		verify(this.notifications).save(saved.capture());
		assertThat(saved.getValue().type()).isEqualTo(NotificationType.REFUND_ISSUED);
		assertThat(saved.getValue().recipient()).isEqualTo("grace@example.com");
		assertThat(saved.getValue().subject()).isEqualTo("We refunded 420.00 EUR for your booking");
		assertThat(saved.getValue().eventId()).isEqualTo(refund.eventId());
	}

	@Test
	void sendsNoSecondRefundForTheSameBooking() {
		BookingCreated booking = BookingEvents.aBookingCreated();
		Notification received = new Notification(booking.bookingId(), NotificationType.BOOKING_RECEIVED, Channel.EMAIL,
				booking.customerEmail(), EmailTemplates.bookingReceived(booking), booking.eventId(), NOW);
		PaymentRefunded secondRefund = BookingEvents.aPaymentRefunded(booking.bookingId());
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(booking.bookingId()))
			.willReturn(Optional.of(received));
		given(this.processedEvents.markProcessed(secondRefund.eventId(), PaymentRefunded.TYPE)).willReturn(true);
		given(this.notifications.existsByBookingIdAndType(booking.bookingId(), NotificationType.REFUND_ISSUED))
			.willReturn(true);

		this.service.onPaymentRefunded(secondRefund);

		verify(this.notifications, never()).save(any());
	}

}
