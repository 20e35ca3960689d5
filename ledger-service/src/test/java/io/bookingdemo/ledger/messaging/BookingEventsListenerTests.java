package io.bookingdemo.ledger.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.bookingdemo.ledger.postings.PostingService;
import io.bookingdemo.support.consumer.ProcessedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class BookingEventsListenerTests {

	private static final UUID BOOKING_ID = UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10");

	private final JsonMapper json = JsonMapper.builder().build();

	private final ProcessedEvents processedEvents = mock(ProcessedEvents.class);

	private final PostingService postings = mock(PostingService.class);

	private final BookingEventsListener listener = new BookingEventsListener(this.json, this.processedEvents,
			this.postings);

	@BeforeEach
	void runEveryEffect() {
		willAnswer((invocation) -> {
			invocation.<Runnable>getArgument(2).run();
			return null;
		}).given(this.processedEvents).runOnce(any(), any(), any());
	}

	@Test
	void postsBookingCreated() {
		receive("booking-created.v1.json");

		verify(this.processedEvents).runOnce(eq(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001")),
				eq("BookingCreated"), any());
		verify(this.postings).postBookingCreated(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void postsPaymentCaptured() {
		receive("payment-captured.v1.json");

		verify(this.processedEvents).runOnce(eq(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e01")),
				eq("PaymentCaptured"), any());
		verify(this.postings).postPaymentCaptured(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e01"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void postsPaymentDeclined() {
		receive("payment-declined.v1.json");

		verify(this.processedEvents).runOnce(eq(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e02")),
				eq("PaymentDeclined"), any());
		verify(this.postings).postPaymentDeclined(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e02"), BOOKING_ID,
				new BigDecimal("12000.00"), "EUR");
	}

	@Test
	void postsPaymentRefunded() {
		receive("payment-refunded.v1.json");

		verify(this.processedEvents).runOnce(eq(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03")),
				eq("PaymentRefunded"), any());
		verify(this.postings).postPaymentRefunded(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03"), BOOKING_ID,
				new BigDecimal("420.00"), "EUR");
	}

	@Test
	void failsOnUnknownEventType() {
		assertThatException().isThrownBy(() -> this.listener.on(MessageBuilder
			.withPayload(contract("payment-refunded.v1.json").replace("PaymentRefunded", "PaymentTeleported"))
			.build())).withMessageContaining("Unsupported event type 'PaymentTeleported'");
		verifyNoInteractions(this.processedEvents, this.postings);
	}

	@Test
	void failsOnAnotherVersionOfAPaymentEvent() {
		assertThatException().isThrownBy(() -> this.listener.on(MessageBuilder
			.withPayload(contract("payment-captured.v1.json").replace("\"eventVersion\": 1", "\"eventVersion\": 2"))
			.build())).withMessageContaining("version 2");
		verifyNoInteractions(this.processedEvents, this.postings);
	}

	private void receive(String contract) {
		this.listener.on(MessageBuilder.withPayload(contract(contract)).build());
	}

	private static String contract(String name) {
		try {
			return new ClassPathResource("contracts/" + name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
