package io.bookingdemo.testsupport;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContractsTests {

	@Test
	void makesANewDeliveryOfTheDocumentedEventAboutTheGivenBooking() {
		UUID bookingId = UUID.randomUUID();

		ObjectNode event = Contracts.aContractEvent("payment-captured.v1.json", bookingId);

		ObjectNode document = Contracts.contract("payment-captured.v1.json");
		assertThat(event.get("bookingId").asString()).isEqualTo(bookingId.toString());
		assertThat(event.get("eventId")).isNotEqualTo(document.get("eventId"));
		assertThat(event.get("amount")).isEqualTo(document.get("amount"));
		Contracts.assertMatchesContract(event, "payment-captured.v1.json");
	}

	@Test
	void refusesAnEventThatLacksAFieldOfTheContract() {
		ObjectNode event = Contracts.aContractEvent("booking-created.v1.json", "b-1");
		event.remove("customerEmail");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Contracts.assertMatchesContract(event, "booking-created.v1.json"));
	}

	@Test
	void refusesAFieldOfAnotherJsonType() {
		ObjectNode event = Contracts.aContractEvent("booking-created.v1.json", UUID.randomUUID());
		event.put("amount", 420);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Contracts.assertMatchesContract(event, "booking-created.v1.json"))
			.withMessageContaining("amount");
	}

}
