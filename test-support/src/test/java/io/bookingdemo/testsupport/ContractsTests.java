package io.bookingdemo.testsupport;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContractsTests {

	@ParameterizedTest
	@MethodSource("documents")
	void documentIsValidAgainstItsSchema(String document) {
		Contracts.assertValidAgainstSchema(Contracts.contract(document), document);
	}

	@Test
	void everySchemaHasItsDocument() throws IOException, URISyntaxException {
		try (Stream<Path> schemas = Files.list(contracts().resolve("schemas"))) {
			assertThat(schemas.map((schema) -> schema.getFileName().toString().replace(".schema.json", ".json")))
				.containsExactlyInAnyOrderElementsOf(documents());
		}
	}

	@Test
	void refusesAnEventThatBreaksItsSchema() {
		ObjectNode event = Contracts.aContractEvent("payment-refunded.v1.json", UUID.randomUUID());
		event.put("amount", "420.5");
		event.put("occurredAt", "yesterday");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Contracts.assertValidAgainstSchema(event, "payment-refunded.v1.json"))
			.withMessageContaining("/amount")
			.withMessageContaining("/occurredAt");
	}

	@Test
	void refusesAFieldTheSchemaDoesNotDescribe() {
		ObjectNode event = Contracts.aContractEvent("booking-created.v1.json", UUID.randomUUID());
		event.put("discount", "10.00");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> Contracts.assertValidAgainstSchema(event, "booking-created.v1.json"))
			.withMessageContaining("discount");
	}

	static List<String> documents() throws IOException, URISyntaxException {
		try (Stream<Path> files = Files.list(contracts())) {
			return files.filter(Files::isRegularFile).map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	private static Path contracts() throws URISyntaxException {
		return Path.of(ContractsTests.class.getResource("/contracts").toURI());
	}

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
