package io.bookingdemo.notification.messaging;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.notification.notifications.NotificationService;
import io.bookingdemo.notification.notifications.NotificationType;
import io.bookingdemo.support.consumer.ProcessedEvents;
import io.bookingdemo.support.consumer.UnprocessableMessageException;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BookingEventsListenerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ProcessedEvents processedEvents = mock(ProcessedEvents.class);

	private final NotificationService notifications = mock(NotificationService.class);

	private final BookingEventsListener listener = new BookingEventsListener(this.json, this.processedEvents,
			this.notifications);

	@BeforeEach
	void runEveryEffect() {
		willAnswer((invocation) -> {
			invocation.<Runnable>getArgument(2).run();
			return true;
		}).given(this.processedEvents).runOnce(any(), any(), any());
	}

	@Test
	void handsBookingCreatedToTheNotifications() {
		BookingCreated event = BookingEvents.aBookingCreated();

		this.listener.on(MessageBuilder.withPayload(wire(event, 1)).build());

		verify(this.processedEvents).runOnce(eq(event.eventId()), eq(BookingCreated.TYPE), any());
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_RECEIVED,
				event.customerEmail(), EmailTemplates.bookingReceived(event));
	}

	@Test
	void handsBookingConfirmedToTheNotifications() {
		BookingConfirmed event = BookingEvents.aBookingConfirmed(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingConfirmed.TYPE, 1)).build());

		verify(this.processedEvents).runOnce(eq(event.eventId()), eq(BookingConfirmed.TYPE), any());
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CONFIRMED,
				event.customerEmail(), EmailTemplates.bookingConfirmed(event));
	}

	@Test
	void handsBookingRejectedToTheNotifications() {
		BookingRejected event = BookingEvents.aBookingRejected(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingRejected.TYPE, 1)).build());

		verify(this.processedEvents).runOnce(eq(event.eventId()), eq(BookingRejected.TYPE), any());
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_REJECTED,
				event.customerEmail(), EmailTemplates.bookingRejected(event));
	}

	@Test
	void handsBookingCancelledToTheNotifications() {
		BookingCancelled event = BookingEvents.aBookingCancelled(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingCancelled.TYPE, 1)).build());

		verify(this.processedEvents).runOnce(eq(event.eventId()), eq(BookingCancelled.TYPE), any());
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CANCELLED,
				event.customerEmail(), EmailTemplates.bookingCancelled(event));
	}

	@Test
	void handsPaymentRefundedToTheNotifications() {
		PaymentRefunded event = BookingEvents.aPaymentRefunded(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, PaymentRefunded.TYPE, 1)).build());

		verify(this.processedEvents).runOnce(eq(event.eventId()), eq(PaymentRefunded.TYPE), any());
		verify(this.notifications).sendToLatestRecipient(event.eventId(), event.bookingId(),
				NotificationType.REFUND_ISSUED, EmailTemplates.refundIssued(event));
	}

	@Test
	void failsOnUnknownVersionOfASagaEvent() {
		String refund = wire(BookingEvents.aPaymentRefunded(UUID.randomUUID()), PaymentRefunded.TYPE, 2);

		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder.withPayload(refund).build()))
			.withMessageContaining("version 2 of PaymentRefunded");
		verifyNoInteractions(this.processedEvents, this.notifications);
	}

	@Test
	void failsOnBodyThatIsNotJson() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder.withPayload("not json").build()))
			.havingCause()
			.isInstanceOf(JacksonException.class);
		verifyNoInteractions(this.processedEvents, this.notifications);
	}

	@Test
	void failsOnUnknownEventType() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder
				.withPayload("{\"eventType\":\"BookingShipped\",\"eventVersion\":1,\"eventId\":\"%s\"}"
					.formatted(BookingEvents.aBookingCreated().eventId()))
				.build()))
			.withMessageContaining("BookingShipped");
		verifyNoInteractions(this.processedEvents, this.notifications);
	}

	@Test
	void failsOnUnknownEventVersion() {
		assertThatExceptionOfType(UnprocessableMessageException.class).isThrownBy(
				() -> this.listener.on(MessageBuilder.withPayload(wire(BookingEvents.aBookingCreated(), 2)).build()))
			.withMessageContaining("version 2");
		verifyNoInteractions(this.processedEvents, this.notifications);
	}

	private String wire(BookingCreated event, int version) {
		return wire(event, BookingCreated.TYPE, version);
	}

	private String wire(Object event, String type, int version) {
		ObjectNode document = this.json.valueToTree(event);
		document.put("eventType", type).put("eventVersion", version);
		return this.json.writeValueAsString(document);
	}

}
