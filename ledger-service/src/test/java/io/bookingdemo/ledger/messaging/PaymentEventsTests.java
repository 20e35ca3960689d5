package io.bookingdemo.ledger.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class PaymentEventsTests {

	private static final UUID BOOKING_ID = UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10");

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsThePaymentCapturedContractDocument() {
		PaymentCaptured event = this.json.readValue(contract("payment-captured.v1.json"), PaymentCaptured.class);

		assertThat(event).isEqualTo(new PaymentCaptured(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e01"),
				"PaymentCaptured", 1, BOOKING_ID, new BigDecimal("420.00"), "EUR"));
	}

	@Test
	void readsThePaymentDeclinedContractDocument() {
		PaymentDeclined event = this.json.readValue(contract("payment-declined.v1.json"), PaymentDeclined.class);

		assertThat(event).isEqualTo(new PaymentDeclined(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e02"),
				"PaymentDeclined", 1, BOOKING_ID, new BigDecimal("12000.00"), "EUR"));
	}

	@Test
	void readsThePaymentRefundedContractDocument() {
		PaymentRefunded event = this.json.readValue(contract("payment-refunded.v1.json"), PaymentRefunded.class);

		assertThat(event).isEqualTo(new PaymentRefunded(UUID.fromString("9d8e7f60-1a2b-4c3d-8e4f-5a6b7c8d9e03"),
				"PaymentRefunded", 1, BOOKING_ID, new BigDecimal("420.00"), "EUR"));
	}

	@ParameterizedTest
	@MethodSource("paymentEvents")
	void rejectsEventMissingAField(String contract, Class<?> type) {
		for (String field : new String[] { "eventId", "eventType", "eventVersion", "bookingId", "amount",
				"currency" }) {
			ObjectNode event = document(contract);
			event.remove(field);
			assertThatException().isThrownBy(() -> this.json.readValue(event.toString(), type))
				.withMessageContaining(field + " is missing");
		}
	}

	@ParameterizedTest
	@MethodSource("paymentEvents")
	void rejectsAnotherVersion(String contract, Class<?> type) {
		ObjectNode event = document(contract).put("eventVersion", 2);

		assertThatException().isThrownBy(() -> this.json.readValue(event.toString(), type))
			.withMessageContaining("version 2");
	}

	@ParameterizedTest
	@MethodSource("paymentEvents")
	void rejectsAnotherEventType(String contract, Class<?> type) {
		ObjectNode event = document(contract).put("eventType", "PaymentTeleported");

		assertThatException().isThrownBy(() -> this.json.readValue(event.toString(), type))
			.withMessageContaining("not PaymentTeleported");
	}

	static Stream<Arguments> paymentEvents() {
		return Stream.of(Arguments.of("payment-captured.v1.json", PaymentCaptured.class),
				Arguments.of("payment-declined.v1.json", PaymentDeclined.class),
				Arguments.of("payment-refunded.v1.json", PaymentRefunded.class));
	}

	private ObjectNode document(String contract) {
		return (ObjectNode) this.json.readTree(contract(contract));
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
