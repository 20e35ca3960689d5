package io.bookingdemo.notification.notifications;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.bookingdemo.support.consumer.Outcome;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class NotificationServiceTests {

	private static final Instant NOW = Instant.parse("2027-02-02T14:00:02Z");

	private static final Email REFUND = new Email("We refunded 420.00 EUR for your booking", "Refunded:  420.00 EUR");

	private final NotificationRepository notifications = mock(NotificationRepository.class);

	private final NotificationService service = new NotificationService(this.notifications,
			new MailServer(new NotificationProperties(Duration.ZERO, 0)), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void refusesRefundOfBookingItKnowsNothingAbout() {
		UUID bookingId = UUID.randomUUID();
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(bookingId))
			.willReturn(Optional.empty());

		assertThatExceptionOfType(UnknownBookingException.class)
			.isThrownBy(() -> this.service.sendToLatestRecipient(UUID.randomUUID(), bookingId,
					NotificationType.REFUND_ISSUED, REFUND))
			.withMessageContaining(bookingId.toString());
		verify(this.notifications, never()).save(any());
	}

	@Test
	void sendsTheRefundToTheAddressStoredForTheBooking() {
		UUID bookingId = UUID.randomUUID();
		UUID refundEventId = UUID.randomUUID();
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(bookingId))
			.willReturn(Optional.of(aReceivedNotification(bookingId, "grace@example.com")));
		given(this.notifications.save(any())).willAnswer((invocation) -> invocation.getArgument(0));

		// The service logs the e-mail after commit, which needs an active
		// synchronization.
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.service.sendToLatestRecipient(refundEventId, bookingId, NotificationType.REFUND_ISSUED, REFUND);
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}

		ArgumentCaptor<Notification> saved = ArgumentCaptor.forClass(Notification.class);
		verify(this.notifications).save(saved.capture());
		assertThat(saved.getValue().type()).isEqualTo(NotificationType.REFUND_ISSUED);
		assertThat(saved.getValue().recipient()).isEqualTo("grace@example.com");
		assertThat(saved.getValue().subject()).isEqualTo("We refunded 420.00 EUR for your booking");
		assertThat(saved.getValue().eventId()).isEqualTo(refundEventId);
	}

	@Test
	void sendsNoSecondRefundForTheSameBooking() {
		UUID bookingId = UUID.randomUUID();
		given(this.notifications.findFirstByBookingIdOrderByCreatedAtDescIdDesc(bookingId))
			.willReturn(Optional.of(aReceivedNotification(bookingId, "ada@example.com")));
		given(this.notifications.existsByBookingIdAndType(bookingId, NotificationType.REFUND_ISSUED)).willReturn(true);

		UUID replayId = UUID.randomUUID();

		Outcome outcome = this.service.sendToLatestRecipient(replayId, bookingId, NotificationType.REFUND_ISSUED,
				REFUND);

		verify(this.notifications, never()).save(any());
		assertThat(outcome)
			.isEqualTo(Outcome.ignored("booking " + bookingId + " was already sent its REFUND_ISSUED e-mail"));
	}

	private static Notification aReceivedNotification(UUID bookingId, String recipient) {
		return new Notification(bookingId, NotificationType.BOOKING_RECEIVED, Channel.EMAIL, recipient,
				new Email("We received your booking for room-101", "Resource:  room-101"), UUID.randomUUID(), NOW);
	}

}
