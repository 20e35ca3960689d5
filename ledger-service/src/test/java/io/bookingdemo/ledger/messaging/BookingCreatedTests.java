package io.bookingdemo.ledger.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class BookingCreatedTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsTheContractDocument() {
		BookingCreated event = this.json.treeToValue(aBookingCreated(), BookingCreated.class);

		assertThat(event.eventId()).isEqualTo(UUID.fromString("5f0c7a52-3c1e-4d55-9a38-7d7bb4b1e001"));
		assertThat(event.bookingId()).isEqualTo(UUID.fromString("0b6f3c1e-8f6a-4a57-9c55-2f6d1b0e7a10"));
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2027-02-01T09:30:00Z"));
		assertThat(event.amount()).isEqualTo(new BigDecimal("420.00"));
		assertThat(event.currency()).isEqualTo("EUR");
	}

	@Test
	void rejectsEventMissingAField() {
		for (String field : new String[] { "eventId", "eventType", "eventVersion", "occurredAt", "bookingId", "amount",
				"currency" }) {
			ObjectNode event = aBookingCreated();
			event.remove(field);
			assertThatException().isThrownBy(() -> this.json.treeToValue(event, BookingCreated.class))
				.withMessageContaining(field + " is missing");
		}
	}

	@Test
	void rejectsAnotherVersion() {
		ObjectNode event = aBookingCreated().put("eventVersion", 2);

		assertThatException().isThrownBy(() -> this.json.treeToValue(event, BookingCreated.class))
			.withMessageContaining("version 2");
	}

	private ObjectNode aBookingCreated() {
		try {
			return (ObjectNode) this.json.readTree(new ClassPathResource("contracts/booking-created.v1.json")
				.getContentAsString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
