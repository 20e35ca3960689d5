package io.bookingdemo.notification.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.notification.notifications.NotificationService;
import io.bookingdemo.notification.notifications.NotificationType;
import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.Outcome;
import io.bookingdemo.support.consumer.RoutedEvent;
import io.bookingdemo.support.consumer.UnprocessableMessageException;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BookingEventRoutesTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final EventConsumer consumer = mock(EventConsumer.class);

	private final List<RoutedEvent> routed = new ArrayList<>();

	private final NotificationService notifications = mock(NotificationService.class,
			(invocation) -> Outcome.applied());

	private final EventRouter router = EventRouter.of(this.json, this.consumer,
			List.of(new BookingEventRoutes(this.notifications)));

	@BeforeEach
	void applyEveryEvent() {
		willAnswer((invocation) -> {
			EventRouter router = invocation.getArgument(1);
			for (Message<String> message : invocation.<List<Message<String>>>getArgument(0)) {
				RoutedEvent event = router.read(message);
				this.routed.add(event);
				event.apply();
			}
			return null;
		}).given(this.consumer).consume(any(), any());
	}

	@Test
	void handsBookingCreatedToTheNotifications() {
		BookingCreated event = BookingEvents.aBookingCreated();

		this.router.route(message(wire(event, 1)));

		assertRouted(event.eventId(), BookingCreated.TYPE);
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_RECEIVED,
				event.customerEmail(), EmailTemplates.bookingReceived(event));
	}

	@Test
	void handsBookingConfirmedToTheNotifications() {
		BookingConfirmed event = BookingEvents.aBookingConfirmed(UUID.randomUUID());

		this.router.route(message(wire(event, BookingConfirmed.TYPE, 1)));

		assertRouted(event.eventId(), BookingConfirmed.TYPE);
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CONFIRMED,
				event.customerEmail(), EmailTemplates.bookingConfirmed(event));
	}

	@Test
	void handsBookingRejectedToTheNotifications() {
		BookingRejected event = BookingEvents.aBookingRejected(UUID.randomUUID());

		this.router.route(message(wire(event, BookingRejected.TYPE, 1)));

		assertRouted(event.eventId(), BookingRejected.TYPE);
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_REJECTED,
				event.customerEmail(), EmailTemplates.bookingRejected(event));
	}

	@Test
	void handsBookingCancelledToTheNotifications() {
		BookingCancelled event = BookingEvents.aBookingCancelled(UUID.randomUUID());

		this.router.route(message(wire(event, BookingCancelled.TYPE, 1)));

		assertRouted(event.eventId(), BookingCancelled.TYPE);
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_CANCELLED,
				event.customerEmail(), EmailTemplates.bookingCancelled(event));
	}

	@Test
	void handsBookingExpiredToTheNotifications() {
		BookingExpired event = BookingEvents.aBookingExpired(UUID.randomUUID());

		this.router.route(message(wire(event, BookingExpired.TYPE, 1)));

		assertRouted(event.eventId(), BookingExpired.TYPE);
		verify(this.notifications).send(event.eventId(), event.bookingId(), NotificationType.BOOKING_EXPIRED,
				event.customerEmail(), EmailTemplates.bookingExpired(event));
	}

	@Test
	void handsPaymentRefundedToTheNotifications() {
		PaymentRefunded event = BookingEvents.aPaymentRefunded(UUID.randomUUID());

		this.router.route(message(wire(event, PaymentRefunded.TYPE, 1)));

		assertRouted(event.eventId(), PaymentRefunded.TYPE);
		verify(this.notifications).sendToLatestRecipient(event.eventId(), event.bookingId(),
				NotificationType.REFUND_ISSUED, EmailTemplates.refundIssued(event));
	}

	@Test
	void failsOnUnknownVersionOfASagaEvent() {
		String refund = wire(BookingEvents.aPaymentRefunded(UUID.randomUUID()), PaymentRefunded.TYPE, 2);

		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.route(message(refund)))
			.withMessageContaining("version 2 of PaymentRefunded");
		verifyNoInteractions(this.notifications);
		assertThat(this.routed).isEmpty();
	}

	@Test
	void failsOnBodyThatIsNotJson() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.route(message("not json", BookingCreated.TYPE, "1")))
			.havingCause()
			.isInstanceOf(JacksonException.class);
		verifyNoInteractions(this.notifications);
		assertThat(this.routed).isEmpty();
	}

	@Test
	void failsOnUnknownEventType() {
		assertThatExceptionOfType(UnprocessableMessageException.class).isThrownBy(() -> this.router
			.route(message("{\"eventType\":\"BookingShipped\",\"eventVersion\":1,\"eventId\":\"%s\"}"
				.formatted(BookingEvents.aBookingCreated().eventId()))))
			.withMessageContaining("BookingShipped");
		verifyNoInteractions(this.notifications);
		assertThat(this.routed).isEmpty();
	}

	@Test
	void failsOnUnknownEventVersion() {
		assertThatExceptionOfType(UnprocessableMessageException.class)
			.isThrownBy(() -> this.router.route(message(wire(BookingEvents.aBookingCreated(), 2))))
			.withMessageContaining("version 2");
		verifyNoInteractions(this.notifications);
		assertThat(this.routed).isEmpty();
	}

	private String wire(BookingCreated event, int version) {
		return wire(event, BookingCreated.TYPE, version);
	}

	private String wire(Object event, String type, int version) {
		ObjectNode document = this.json.valueToTree(event);
		document.put("eventType", type).put("eventVersion", version);
		return this.json.writeValueAsString(document);
	}

	private void assertRouted(UUID eventId, String eventType) {
		assertThat(this.routed).singleElement().satisfies((event) -> {
			assertThat(event.eventId()).isEqualTo(eventId);
			assertThat(event.eventType()).isEqualTo(eventType);
		});
	}

	// The attributes the outbox relay sets, taken from the body.
	private List<Message<String>> message(String body) {
		JsonNode event = this.json.readTree(body);
		return message(body, event.path("eventType").asString(), event.path("eventVersion").asString());
	}

	private static List<Message<String>> message(String body, String eventType, String eventVersion) {
		return List.of(MessageBuilder.withPayload(body)
			.setHeader("eventType", eventType)
			.setHeader("eventVersion", eventVersion)
			.build());
	}

}
