package io.bookingdemo.notification.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SagaEventsTests {

	private static final UUID BOOKING_ID = UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10");

	private static final LocalDate START = LocalDate.of(2027, 3, 1);

	private static final LocalDate END = LocalDate.of(2027, 3, 4);

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheBookingConfirmedContractDocument() {
		assertThat(this.json.readValue(contract("booking-confirmed.v1.json"), BookingConfirmed.class))
			.isEqualTo(new BookingConfirmed(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e002"), BOOKING_ID,
					"ada@example.com", "room-101", START, END, new BigDecimal("420.00"), "EUR"));
	}

	@Test
	void readsTheBookingRejectedContractDocument() {
		assertThat(this.json.readValue(contract("booking-rejected.v1.json"), BookingRejected.class))
			.isEqualTo(new BookingRejected(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e003"), BOOKING_ID,
					"amount 12000.00 EUR exceeds the limit of 10000.00", "ada@example.com", "room-101", START, END));
	}

	@Test
	void readsTheBookingCancelledContractDocument() {
		assertThat(this.json.readValue(contract("booking-cancelled.v1.json"), BookingCancelled.class))
			.isEqualTo(new BookingCancelled(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e004"), BOOKING_ID,
					"ada@example.com", "room-101", START, END));
	}

	@Test
	void readsTheBookingExpiredContractDocument() {
		assertThat(this.json.readValue(contract("booking-expired.v1.json"), BookingExpired.class))
			.isEqualTo(new BookingExpired(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e005"), BOOKING_ID,
					"ada@example.com", "room-101", START, END));
	}

	@Test
	void readsThePaymentRefundedContractDocument() {
		assertThat(this.json.readValue(contract("payment-refunded.v1.json"), PaymentRefunded.class))
			.isEqualTo(new PaymentRefunded(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03"), BOOKING_ID,
					new BigDecimal("420.00"), "EUR"));
	}

	@Test
	void ignoresFieldsItDoesNotKnow() {
		ObjectNode document = (ObjectNode) this.json.readTree(contract("payment-refunded.v1.json"));
		document.put("refundReference", "R-1");

		assertThat(this.json.treeToValue(document, PaymentRefunded.class).amount()).isEqualTo(new BigDecimal("420.00"));
	}

	@ParameterizedTest
	@MethodSource("requiredFields")
	void refusesEventWithMissingField(String contract, Class<?> type, String field) {
		ObjectNode document = (ObjectNode) this.json.readTree(contract(contract));
		document.remove(field);

		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> this.json.readValue(document.toString(), type))
			.withMessageContaining(field);
	}

	static Stream<Arguments> requiredFields() {
		return Stream.of(Arguments.of("booking-confirmed.v1.json", BookingConfirmed.class, "customerEmail"),
				Arguments.of("booking-confirmed.v1.json", BookingConfirmed.class, "amount"),
				Arguments.of("booking-rejected.v1.json", BookingRejected.class, "reason"),
				Arguments.of("booking-rejected.v1.json", BookingRejected.class, "customerEmail"),
				Arguments.of("booking-cancelled.v1.json", BookingCancelled.class, "customerEmail"),
				Arguments.of("booking-cancelled.v1.json", BookingCancelled.class, "bookingId"),
				Arguments.of("booking-expired.v1.json", BookingExpired.class, "customerEmail"),
				Arguments.of("payment-refunded.v1.json", PaymentRefunded.class, "bookingId"),
				Arguments.of("payment-refunded.v1.json", PaymentRefunded.class, "amount"),
				Arguments.of("payment-refunded.v1.json", PaymentRefunded.class, "currency"));
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
