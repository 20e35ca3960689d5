package io.bookingdemo.notification.messaging;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.notification.notifications.NotificationService;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BookingEventsListenerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final NotificationService notifications = mock(NotificationService.class);

	private final BookingEventsListener listener = new BookingEventsListener(this.json, this.notifications);

	@Test
	void handsBookingCreatedToTheNotifications() {
		BookingCreated event = BookingEvents.aBookingCreated();

		this.listener.on(MessageBuilder.withPayload(wire(event, 1)).build());

		verify(this.notifications).onBookingCreated(event);
	}

	@Test
	void handsBookingConfirmedToTheNotifications() {
		BookingConfirmed event = BookingEvents.aBookingConfirmed(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingConfirmed.TYPE, 1)).build());

		verify(this.notifications).onBookingConfirmed(event);
	}

	@Test
	void handsBookingRejectedToTheNotifications() {
		BookingRejected event = BookingEvents.aBookingRejected(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingRejected.TYPE, 1)).build());

		verify(this.notifications).onBookingRejected(event);
	}

	@Test
	void handsBookingCancelledToTheNotifications() {
		BookingCancelled event = BookingEvents.aBookingCancelled(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, BookingCancelled.TYPE, 1)).build());

		verify(this.notifications).onBookingCancelled(event);
	}

	@Test
	void handsPaymentRefundedToTheNotifications() {
		PaymentRefunded event = BookingEvents.aPaymentRefunded(UUID.randomUUID());

		this.listener.on(MessageBuilder.withPayload(wire(event, PaymentRefunded.TYPE, 1)).build());

		verify(this.notifications).onPaymentRefunded(event);
	}

	@Test
	void failsOnUnknownVersionOfASagaEvent() {
		String refund = wire(BookingEvents.aPaymentRefunded(UUID.randomUUID()), PaymentRefunded.TYPE, 2);

		assertThatExceptionOfType(BookingEventsListener.UnsupportedEventException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder.withPayload(refund).build()))
			.withMessageContaining("version 2 of PaymentRefunded");
		verifyNoInteractions(this.notifications);
	}

	@Test
	void failsOnBodyThatIsNotJson() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder.withPayload("not json").build()));
		verifyNoInteractions(this.notifications);
	}

	@Test
	void failsOnUnknownEventType() {
		assertThatExceptionOfType(BookingEventsListener.UnsupportedEventException.class)
			.isThrownBy(() -> this.listener.on(MessageBuilder
				.withPayload("{\"eventType\":\"BookingShipped\",\"eventVersion\":1,\"eventId\":\"%s\"}"
					.formatted(BookingEvents.aBookingCreated().eventId()))
				.build()))
			.withMessageContaining("BookingShipped");
		verifyNoInteractions(this.notifications);
	}

	@Test
	void failsOnUnknownEventVersion() {
		assertThatExceptionOfType(BookingEventsListener.UnsupportedEventException.class).isThrownBy(
				() -> this.listener.on(MessageBuilder.withPayload(wire(BookingEvents.aBookingCreated(), 2)).build()))
			.withMessageContaining("version 2");
		verifyNoInteractions(this.notifications);
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
