package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract documents of {@code contracts/}, which the build puts on every
 * module's test class path, read by consumer tests and compared with what producers
 * publish.
 */
public final class Contracts {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Contracts() {
	}

	/**
	 * Reads a contract document, a fresh copy each time.
	 * @param document the file name, for example {@code payment-captured.v1.json}
	 * @return the document
	 */
	public static ObjectNode contract(String document) {
		try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + document)) {
			if (in == null) {
				throw new IllegalArgumentException("contracts/" + document + " is not on the test class path");
			}
			return (ObjectNode) JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The event of a contract document as a new delivery about a booking: a fresh event
	 * id and the given booking id, every other field as documented.
	 * @param document the contract document's file name
	 * @param bookingId the booking the event is about
	 * @return the event
	 */
	public static ObjectNode aContractEvent(String document, String bookingId) {
		return contract(document).put("eventId", UUID.randomUUID().toString()).put("bookingId", bookingId);
	}

	/**
	 * The event of a contract document as a new delivery about a booking.
	 * @param document the contract document's file name
	 * @param bookingId the booking the event is about
	 * @return the event
	 * @see #aContractEvent(String, String)
	 */
	public static ObjectNode aContractEvent(String document, UUID bookingId) {
		return aContractEvent(document, bookingId.toString());
	}

	/**
	 * Asserts that a published event has exactly the contract's fields, in its order,
	 * each of the same JSON type, the contract's event type and version, and a UUID for
	 * its event id.
	 * @param event the published event
	 * @param document the contract document's file name
	 */
	public static void assertMatchesContract(JsonNode event, String document) {
		JsonNode contract = contract(document);
		assertThat(event.propertyNames()).containsExactlyElementsOf(contract.propertyNames());
		for (String field : contract.propertyNames()) {
			assertThat(event.get(field).getNodeType()).as(field).isEqualTo(contract.get(field).getNodeType());
		}
		assertThat(event.get("eventType")).isEqualTo(contract.get("eventType"));
		assertThat(event.get("eventVersion")).isEqualTo(contract.get("eventVersion"));
		assertThat(UUID.fromString(event.get("eventId").asString())).isNotNull();
	}

}
