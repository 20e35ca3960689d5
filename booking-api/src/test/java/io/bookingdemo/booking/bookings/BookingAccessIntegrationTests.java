package io.bookingdemo.booking.bookings;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import io.bookingdemo.testsupport.Http;
import io.bookingdemo.testsupport.TestTokens;

import static io.bookingdemo.booking.bookings.Bookings.aBookingRequest;
import static io.bookingdemo.booking.bookings.Bookings.aCustomer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may reach a booking, through the whole service: its customer, an operator who reads
 * it, and nobody else, who learns nothing of its existence.
 */
class BookingAccessIntegrationTests extends BookingApiIntegrationTests {

	@Test
	void hidesABookingFromAnotherCustomerOnReadAndCancel() {
		String id = book();
		String stranger = TestTokens.customer(aCustomer());

		HttpResponse<String> read = send(as(stranger, HttpRequest.newBuilder(uri("/bookings/" + id)).GET()));
		HttpResponse<String> cancel = send(as(stranger,
				HttpRequest.newBuilder(uri("/bookings/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody())));

		assertProblem(read, 404);
		assertProblem(cancel, 404);
		assertThat(JSON.readTree(get("/bookings/" + id).body()).get("status").asString()).isEqualTo("PENDING");
	}

	@Test
	void listsOnlyTheCallersOwnBookings() {
		String id = book();
		String stranger = TestTokens.customer(aCustomer());

		JsonNode own = JSON.readTree(get("/bookings").body());
		JsonNode theirs = JSON.readTree(send(as(stranger, HttpRequest.newBuilder(uri("/bookings")).GET())).body());

		assertThat(own.get("content").valueStream().map((booking) -> booking.get("id").asString())).containsExactly(id);
		assertThat(theirs.get("totalElements").asLong()).isZero();
	}

	@Test
	void forbidsNamingAnotherCustomerAndStoresNothing() {
		long bookings = count("bookings");

		HttpResponse<String> create = postJson("/bookings", aBookingRequest(aCustomer(), "\"420.00\""));
		HttpResponse<String> list = get("/bookings?customerId=" + aCustomer());

		assertProblem(create, 403);
		assertProblem(list, 403);
		assertThat(count("bookings")).isEqualTo(bookings);
	}

	@Test
	void letsAnOperatorReadAnyBooking() {
		String id = book();

		HttpResponse<String> read = send(
				as(TestTokens.operator(), HttpRequest.newBuilder(uri("/bookings/" + id)).GET()));

		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(read.body()).get("customerId").asString()).isEqualTo(this.customer);
	}

	@Test
	void refusesRequestsWithoutAValidTokenAndStoresNothing() {
		String id = book();
		long bookings = count("bookings");
		String body = aBookingRequest(this.customer, "\"420.00\"");

		for (String token : new String[] { TestTokens.expired(this.customer),
				TestTokens.signedByAnotherKey(this.customer), TestTokens.operatorFrom("https://elsewhere.test") }) {
			assertProblem(send(as(token, HttpRequest.newBuilder(uri("/bookings/" + id)).GET())), 401);
			assertProblem(send(as(token,
					HttpRequest.newBuilder(uri("/bookings"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body)))),
					401);
		}
		assertProblem(Http.send(HttpRequest.newBuilder(uri("/bookings/" + id)).GET().build()), 401);
		assertProblem(Http.send(HttpRequest.newBuilder(uri("/bookings"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build()), 401);
		assertThat(count("bookings")).isEqualTo(bookings);
	}

	private String book() {
		HttpResponse<String> response = postJson("/bookings", aBookingRequest());
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asString();
	}

	private static HttpRequest as(String token, HttpRequest.Builder request) {
		return request.header("Authorization", TestTokens.bearer(token)).build();
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
	}

}
