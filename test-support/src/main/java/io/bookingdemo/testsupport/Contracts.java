package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract documents of {@code contracts/}, which the build puts on every
 * module's test class path, read by consumer tests and compared with what producers
 * publish, and their JSON Schemas in {@code contracts/schemas/}.
 */
public final class Contracts {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private Contracts() {
	}

	/**
	 * Reads a contract document, a fresh copy each time.
	 * @param document the file name, for example {@code payment-captured.v1.json}
	 * @return the document
	 */
	public static ObjectNode contract(String document) {
		return (ObjectNode) read(document);
	}

	/**
	 * The file name of a contract document's JSON Schema in {@code schemas/}: the
	 * document's name with {@code .schema.json} for {@code .json}.
	 * @param document the contract document's file name, for example
	 * {@code payment-captured.v1.json}
	 * @return the schema's path below {@code contracts/}
	 */
	public static String schemaOf(String document) {
		return "schemas/" + document.replaceFirst("\\.json$", ".schema.json");
	}

	/**
	 * Asserts that an event is valid against the JSON Schema of its contract document,
	 * formats ({@code uuid}, {@code date-time}, {@code email}...) included.
	 * @param event the event
	 * @param document the contract document's file name
	 */
	public static void assertValidAgainstSchema(JsonNode event, String document) {
		Schema schema = SCHEMAS.getSchema(read(schemaOf(document)));
		List<Error> errors = schema.validate(event,
				(context) -> context.executionConfig((config) -> config.formatAssertionsEnabled(true)));
		assertThat(errors).as("%s against contracts/%s", event, schemaOf(document)).isEmpty();
	}

	private static JsonNode read(String path) {
		try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("contracts/" + path + " is not on the test class path");
			}
			return JSON.readTree(in);
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
	 * Asserts that a published event is valid against its contract's schema and has
	 * exactly the contract's fields, in its order, each of the same JSON type, the
	 * contract's event type and version, and a UUID for its event id.
	 * @param event the published event
	 * @param document the contract document's file name
	 */
	public static void assertMatchesContract(JsonNode event, String document) {
		assertValidAgainstSchema(event, document);
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
