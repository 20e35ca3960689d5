package io.bookingdemo.notification.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BookingCreatedTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheContractDocument() throws IOException {
		BookingCreated event = this.json.readValue(contract(), BookingCreated.class);

		assertThat(event).isEqualTo(new BookingCreated(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001"),
				Instant.parse("2027-02-01T09:30:00Z"), UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10"),
				"cust-42", "ada@example.com", "room-101", LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4),
				new BigDecimal("420.00"), "EUR"));
	}

	@Test
	void ignoresFieldsItDoesNotKnow() throws IOException {
		ObjectNode document = (ObjectNode) this.json.readTree(contract());
		document.put("loyaltyTier", "gold");

		assertThat(this.json.treeToValue(document, BookingCreated.class).customerEmail()).isEqualTo("ada@example.com");
	}

	@Test
	void refusesEventWithMissingField() throws IOException {
		ObjectNode document = (ObjectNode) this.json.readTree(contract());
		document.remove("customerEmail");

		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> this.json.treeToValue(document, BookingCreated.class))
			.withMessageContaining("customerEmail");
	}

	private static InputStream contract() throws IOException {
		return new ClassPathResource("contracts/booking-created.v1.json").getInputStream();
	}

}
