package io.bookingdemo.booking.bookings;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.booking.BookingApiIntegrationTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every bad request gets the right 4xx problem and changes nothing.
 */
class BadRequestsIntegrationTests extends BookingApiIntegrationTests {

	private static final String PROBLEMS = "https://booking-demo.example/problems/";

	static Stream<Arguments> badPosts() {
		return Stream.of(bad("truncated JSON", "{\"customerId\":", 400, "malformed-request"),
				bad("a JSON array", "[1,2]", 400, "malformed-request"),
				bad("a JSON string", "\"booking\"", 400, "malformed-request"),
				bad("JSON null", "null", 400, "malformed-request"), bad("an empty body", "", 400, "malformed-request"),
				bad("trailing tokens", valid() + " {}", 400, "malformed-request"),
				bad("a number for a text field", with("customerId", "42"), 400, "malformed-request"),
				bad("a boolean for the amount", with("amount", "true"), 400, "malformed-request"),
				bad("a number for a date", with("startDate", "20270301"), 400, "malformed-request"),
				bad("an object for a text field", with("resourceId", "{\"a\":1}"), 400, "malformed-request"),
				bad("an impossible date", with("startDate", "\"2027-02-30\""), 400, "malformed-request"),
				bad("a date with a UTC time", with("startDate", "\"2031-03-01T23:30:00Z\""), 400, "malformed-request"),
				bad("a date with a local time", with("endDate", "\"2027-03-04T10:00:00\""), 400, "malformed-request"),
				bad("a date with an offset", with("startDate", "\"2027-03-01+01:00\""), 400, "malformed-request"),
				bad("a word for the amount", with("amount", "\"lots\""), 400, "malformed-request"),
				bad("an unknown field id", plus("\"id\":\"" + UUID.randomUUID() + "\""), 400, "malformed-request"),
				bad("an unknown field status", plus("\"status\":\"CONFIRMED\""), 400, "malformed-request"),
				bad("a duplicate key", plus("\"customerId\":\"b\""), 400, "malformed-request"),
				bad("deep nesting", with("customerId", "[".repeat(4000) + "]".repeat(4000)), 400, "malformed-request"),
				bad("a raw control character", with("customerId", "\"cu\u0001st\""), 400, "malformed-request"),
				bad("a 2000-digit number", with("amount", "9".repeat(2000)), 400, "malformed-request"),
				argumentSet("invalid UTF-8", "application/json", invalidUtf8(), 400, "malformed-request"),
				bad("no fields", "{}", 400, "validation-failed"),
				bad("an escaped NUL in an id", with("customerId", "\"cu\\u0000st\""), 400, "validation-failed"),
				bad("an id of 65 characters", with("customerId", "\"" + "a".repeat(65) + "\""), 400,
						"validation-failed"),
				bad("an id with a space", with("resourceId", "\"room 101\""), 400, "validation-failed"),
				bad("a malformed e-mail", with("customerEmail", "\"ada.example.com\""), 400, "validation-failed"),
				bad("an e-mail of 255 characters",
						with("customerEmail", "\"" + "a".repeat(64) + "@" + "b".repeat(186) + ".com\""), 400,
						"validation-failed"),
				bad("end before start", with("endDate", "\"2027-02-27\""), 400, "validation-failed"),
				bad("end on start", with("endDate", "\"2027-03-01\""), 400, "validation-failed"),
				bad("366 nights", with("endDate", "\"2028-03-01\""), 400, "validation-failed"),
				bad("a zero amount", with("amount", "\"0.00\""), 400, "validation-failed"),
				bad("a negative amount", with("amount", "-5"), 400, "validation-failed"),
				bad("an amount over a million", with("amount", "\"1000000.01\""), 400, "validation-failed"),
				bad("three decimal places", with("amount", "4.205"), 400, "validation-failed"),
				bad("a huge exponent", with("amount", "1e999999999"), 400, "validation-failed"),
				bad("a tiny exponent", with("amount", "1e-999999999"), 400, "validation-failed"),
				bad("a lower-case currency", with("currency", "\"eur\""), 400, "validation-failed"),
				bad("an unknown currency", with("currency", "\"ABC\""), 400, "validation-failed"),
				bad("a currency payments cannot take", with("currency", "\"JPY\""), 400, "validation-failed"),
				bad("the no-currency code", with("currency", "\"XXX\""), 400, "validation-failed"),
				bad("a body over 16 KiB", valid() + " ".repeat(17_000), 413, "payload-too-large"),
				argumentSet("a text/plain body", "text/plain", valid().getBytes(StandardCharsets.UTF_8), 415,
						"unsupported-media-type"),
				argumentSet("no content type", null, valid().getBytes(StandardCharsets.UTF_8), 415,
						"unsupported-media-type"));
	}

	@ParameterizedTest
	@MethodSource("badPosts")
	void refusesBadBookingRequestWithProblemAndStoresNothing(String contentType, byte[] body, int status, String type) {
		long bookings = count("bookings");
		long outbox = count("outbox_events");

		HttpResponse<String> response = post("/bookings", contentType, body);

		assertProblem(response, status, type);
		assertThat(count("bookings")).isEqualTo(bookings);
		assertThat(count("outbox_events")).isEqualTo(outbox);
	}

	@Test
	void refusesACurrencyPaymentsCannotTakeNamingTheAcceptedOnes() {
		long bookings = count("bookings");

		HttpResponse<String> response = post("/bookings", "application/json",
				with("currency", "\"JPY\"").getBytes(StandardCharsets.UTF_8));

		assertProblem(response, 400, "validation-failed");
		assertThat(JSON.readTree(response.body()).get("errors")).singleElement().satisfies((error) -> {
			assertThat(error.get("field").asString()).isEqualTo("currency");
			assertThat(error.get("message").asString()).isEqualTo("must be one of CHF, EUR, GBP, USD");
		});
		assertThat(count("bookings")).isEqualTo(bookings);
	}

	@Test
	void refusesChunkedBodyOverTheLimit() {
		long bookings = count("bookings");
		byte[] body = (valid() + " ".repeat(40_000)).getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(uri("/bookings"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		assertProblem(send(request), 413, "payload-too-large");
		assertThat(count("bookings")).isEqualTo(bookings);
	}

	static Stream<Arguments> badOtherRequests() {
		return Stream.of(argumentSet("PUT on the collection", "PUT", "/bookings", 405, "method-not-allowed"),
				argumentSet("DELETE on a booking", "DELETE", "/bookings/" + UUID.randomUUID(), 405,
						"method-not-allowed"),
				argumentSet("an unknown path", "GET", "/nothing-here", 404, "not-found"),
				argumentSet("an unknown booking", "GET", "/bookings/" + UUID.randomUUID(), 404, "not-found"),
				argumentSet("an id that is not a UUID", "GET", "/bookings/not-a-uuid", 400, "invalid-parameter"),
				argumentSet("a page size over 100", "GET", "/bookings?customerId=cust-1&size=101", 400,
						"invalid-parameter"),
				argumentSet("a negative page", "GET", "/bookings?customerId=cust-1&page=-1", 400, "invalid-parameter"),
				argumentSet("a page size that is a word", "GET", "/bookings?customerId=cust-1&size=ten", 400,
						"invalid-parameter"),
				argumentSet("a malformed customer id", "GET", "/bookings?customerId=no%20spaces", 400,
						"invalid-parameter"),
				argumentSet("an encoded path traversal", "GET", "/bookings/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400,
						"malformed-request"),
				argumentSet("a path above the root", "GET", "/bookings/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400,
						"malformed-request"),
				argumentSet("an encoded slash", "GET", "/bookings/a%2fb", 400, "malformed-request"),
				argumentSet("a TRACE", "TRACE", "/bookings", 405, "method-not-allowed"),
				argumentSet("an unknown method, refused by Spring Security's firewall", "BREW", "/bookings", 400,
						"malformed-request"),
				argumentSet("PATCH on a booking", "PATCH", "/bookings/" + UUID.randomUUID(), 405,
						"method-not-allowed"));
	}

	@ParameterizedTest
	@MethodSource("badOtherRequests")
	void answersOtherBadRequestsWithProblem(String method, String path, int status, String type) {
		long bookings = count("bookings");
		HttpRequest request = HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();

		assertProblem(send(request), status, type);
		assertThat(count("bookings")).isEqualTo(bookings);
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo(PROBLEMS + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		if (type.equals("validation-failed")) {
			assertThat(problem.get("errors")).isNotEmpty()
				.allSatisfy((error) -> assertThat(error.get("field").asString()).isNotBlank());
		}
	}

	private static Arguments bad(String name, String json, int status, String type) {
		return argumentSet(name, "application/json", json.getBytes(StandardCharsets.UTF_8), status, type);
	}

	private static String valid() {
		return render(validFields());
	}

	private static String with(String field, String rawJsonValue) {
		Map<String, String> fields = validFields();
		fields.put(field, rawJsonValue);
		return render(fields);
	}

	private static String plus(String member) {
		String valid = valid();
		return valid.substring(0, valid.length() - 1) + "," + member + "}";
	}

	private static Map<String, String> validFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("customerId", "\"cust-1\"");
		fields.put("customerEmail", "\"ada@example.com\"");
		fields.put("resourceId", "\"room-" + UUID.randomUUID().toString().substring(0, 8) + "\"");
		fields.put("startDate", "\"2027-03-01\"");
		fields.put("endDate", "\"2027-03-04\"");
		fields.put("amount", "\"420.00\"");
		fields.put("currency", "\"EUR\"");
		return fields;
	}

	private static String render(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> "\"" + field.getKey() + "\":" + field.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static byte[] invalidUtf8() {
		byte[] valid = valid().getBytes(StandardCharsets.UTF_8);
		byte[] broken = Arrays.copyOf(valid, valid.length);
		int at = new String(valid, StandardCharsets.UTF_8).indexOf("ada@") + 1;
		broken[at] = (byte) 0xC3;
		broken[at + 1] = (byte) 0x28;
		return broken;
	}

}
