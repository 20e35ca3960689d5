package io.bookingdemo.booking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract documents of {@code contracts/}, which the build puts on the test
 * class path.
 */
public final class Contracts {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Contracts() {
	}

	/**
	 * Reads a contract document.
	 * @param name the file name, for example {@code payment-captured.v1.json}
	 * @return the document
	 */
	public static JsonNode contract(String name) {
		try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + name)) {
			return JSON.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asserts that a published event has exactly the contract's fields, in its order,
	 * each of the same JSON type, and the same event type and version.
	 * @param event the published event
	 * @param name the contract document's file name
	 */
	public static void assertMatchesContract(JsonNode event, String name) {
		JsonNode contract = contract(name);
		assertThat(event.propertyNames()).containsExactlyElementsOf(contract.propertyNames());
		Iterator<String> names = contract.propertyNames().iterator();
		while (names.hasNext()) {
			String field = names.next();
			assertThat(event.get(field).getNodeType()).as(field).isEqualTo(contract.get(field).getNodeType());
		}
		assertThat(event.get("eventType")).isEqualTo(contract.get("eventType"));
		assertThat(event.get("eventVersion")).isEqualTo(contract.get("eventVersion"));
	}

}
