package io.bookingdemo.ledger.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.bookingdemo.ledger.postings.PostingService;
import io.bookingdemo.support.consumer.EventConsumer;
import io.bookingdemo.support.consumer.EventRouter;
import io.bookingdemo.support.consumer.Outcome;
import io.bookingdemo.support.consumer.RoutedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BookingEventRoutesTests {

	private static final UUID BOOKING_ID = UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10");

	private final JsonMapper json = JsonMapper.builder().build();

	private final EventConsumer consumer = mock(EventConsumer.class);

	private final List<RoutedEvent> routed = new ArrayList<>();

	private final PostingService postings = mock(PostingService.class, (invocation) -> Outcome.applied());

	private final EventRouter router = EventRouter.of(this.json, this.consumer,
			List.of(new BookingEventRoutes(this.postings)));

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
	void postsBookingCreated() {
		receive("booking-created.v1.json");

		assertRouted(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001"), "BookingCreated");
		verify(this.postings).postBookingCreated(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void postsPaymentCaptured() {
		receive("payment-captured.v1.json");

		assertRouted(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e01"), "PaymentCaptured");
		verify(this.postings).postPaymentCaptured(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e01"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void postsPaymentDeclined() {
		receive("payment-declined.v1.json");

		assertRouted(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e02"), "PaymentDeclined");
		verify(this.postings).postPaymentDeclined(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e02"), BOOKING_ID,
				new BigDecimal("12000.00"), "EUR");
	}

	@Test
	void postsPaymentRefunded() {
		receive("payment-refunded.v1.json");

		assertRouted(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03"), "PaymentRefunded");
		verify(this.postings).postPaymentRefunded(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void failsOnUnknownEventType() {
		assertThatException()
			.isThrownBy(() -> this.router
				.route(message(contract("payment-refunded.v1.json").replace("PaymentRefunded", "PaymentTeleported"))))
			.withMessageContaining("Unsupported event type 'PaymentTeleported'");
		verifyNoInteractions(this.postings);
		assertThat(this.routed).isEmpty();
	}

	@Test
	void failsOnAnotherVersionOfAPaymentEvent() {
		assertThatException()
			.isThrownBy(() -> this.router.route(message(
					contract("payment-captured.v1.json").replace("\"eventVersion\": 1", "\"eventVersion\": 2"))))
			.withMessageContaining("version 2");
		verifyNoInteractions(this.postings);
		assertThat(this.routed).isEmpty();
	}

	private void receive(String contract) {
		this.router.route(message(contract(contract)));
	}

	private static String contract(String name) {
		try {
			return new ClassPathResource("contracts/" + name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
