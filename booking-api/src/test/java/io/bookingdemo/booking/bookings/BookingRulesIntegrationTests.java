package io.bookingdemo.booking.bookings;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import org.springframework.beans.factory.annotation.Autowired;

import static io.bookingdemo.booking.bookings.Bookings.aBookingRequest;
import static io.bookingdemo.booking.bookings.Bookings.aResource;
import static io.bookingdemo.booking.bookings.PaymentEvents.sendPaymentCaptured;
import static io.bookingdemo.booking.bookings.PaymentEvents.sendPaymentDeclined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a real client needs of {@code POST /bookings}: retries that never book twice, and
 * a resource that is never booked twice for the same night, however many requests race.
 */
class BookingRulesIntegrationTests extends BookingApiIntegrationTests {

	private static final LocalDate MARCH_1 = LocalDate.of(2027, 3, 1);

	@Autowired
	private IdempotencyKeys idempotencyKeys;

	@Test
	void replaysTheFirstResponseToARetryWithTheSameKeyAndBody() {
		String key = "retry-" + UUID.randomUUID();
		String body = aBookingRequest(this.customer, "\"420.00\"");

		HttpResponse<String> first = postWithKey(key, body);
		HttpResponse<String> retry = postWithKey(key, body.replace(",", ", "));

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree(first.body()));
		assertThat(bookingsOf(this.customer)).isEqualTo(1);
		assertThat(outboxRowsOf(JSON.readTree(first.body()).get("id").asString())).isEqualTo(1);
	}

	@Test
	void refusesTheSameKeyWithADifferentBodyAndChangesNothing() {
		String key = "reuse-" + UUID.randomUUID();
		assertThat(postWithKey(key, aBookingRequest(this.customer, "\"420.00\"")).statusCode()).isEqualTo(201);
		long outbox = count("outbox_events");

		HttpResponse<String> response = postWithKey(key, aBookingRequest(this.customer, "\"99.00\""));

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(response.body()).get("type").asString())
			.isEqualTo("https://booking-demo.example/problems/idempotency-key-reused");
		assertThat(bookingsOf(this.customer)).isEqualTo(1);
		assertThat(count("outbox_events")).isEqualTo(outbox);
	}

	@Test
	void answersConcurrentRetriesOfOneKeyWithOneBooking() throws Exception {
		String key = "race-" + UUID.randomUUID();
		String body = aBookingRequest(this.customer, "\"420.00\"");

		List<HttpResponse<String>> responses = race(10, () -> postWithKey(key, body));

		assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(201));
		assertThat(responses.stream().map((response) -> JSON.readTree(response.body()).get("id").asString()))
			.containsOnly(JSON.readTree(responses.get(0).body()).get("id").asString());
		assertThat(bookingsOf(this.customer)).isEqualTo(1);
	}

	@Test
	void keepsKeysForTheRetentionPeriodAndForgetsThemAfterwards() {
		String kept = "kept-" + UUID.randomUUID();
		String expired = "expired-" + UUID.randomUUID();
		assertThat(postWithKey(kept, aBookingRequest()).statusCode()).isEqualTo(201);
		assertThat(postWithKey(expired, aBookingRequest()).statusCode()).isEqualTo(201);
		age(kept, Duration.ofHours(23));
		age(expired, Duration.ofHours(25));

		this.idempotencyKeys.purgeExpired();

		assertThat(postWithKey(kept, aBookingRequest()).statusCode()).isEqualTo(422);
		assertThat(postWithKey(expired, aBookingRequest()).statusCode()).isEqualTo(201);
	}

	@Test
	void refusesABookingWhoseNightsOverlapALiveBookingOfTheSameResource() {
		String resource = aResource();
		assertThat(book(resource, MARCH_1, MARCH_1.plusDays(3)).statusCode()).isEqualTo(201);
		long bookings = count("bookings");

		for (LocalDate[] stay : new LocalDate[][] { { MARCH_1, MARCH_1.plusDays(3) },
				{ MARCH_1.minusDays(1), MARCH_1.plusDays(1) }, { MARCH_1.plusDays(2), MARCH_1.plusDays(5) },
				{ MARCH_1.plusDays(1), MARCH_1.plusDays(2) } }) {
			HttpResponse<String> response = book(resource, stay[0], stay[1]);

			assertThat(response.statusCode()).as("%s to %s", stay[0], stay[1]).isEqualTo(409);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(response.body()).get("type").asString())
				.isEqualTo("https://booking-demo.example/problems/overlapping-booking");
		}
		assertThat(count("bookings")).isEqualTo(bookings);
		assertThat(book(resource, MARCH_1.plusDays(3), MARCH_1.plusDays(5)).statusCode())
			.as("arriving on the day the other stay departs")
			.isEqualTo(201);
		assertThat(book(aResource(), MARCH_1, MARCH_1.plusDays(3)).statusCode()).as("another resource").isEqualTo(201);
	}

	@Test
	void freesTheNightsOfRejectedAndCancelledBookings() {
		String resource = aResource();
		String rejected = idOf(book(resource, MARCH_1, MARCH_1.plusDays(3)));
		sendPaymentDeclined(rejected, UUID.randomUUID(), UUID.randomUUID(), "declined");
		awaitStatus(rejected, "REJECTED");

		String confirmed = idOf(book(resource, MARCH_1, MARCH_1.plusDays(3)));
		sendPaymentCaptured(confirmed, UUID.randomUUID(), UUID.randomUUID());
		awaitStatus(confirmed, "CONFIRMED");
		assertThat(book(resource, MARCH_1, MARCH_1.plusDays(3)).statusCode()).isEqualTo(409);
		assertThat(postJson("/bookings/" + confirmed + "/cancel", "").statusCode()).isEqualTo(200);

		assertThat(book(resource, MARCH_1, MARCH_1.plusDays(3)).statusCode()).isEqualTo(201);
	}

	@Test
	void letsExactlyOneOfTwentyConcurrentRequestsForOneSlotSucceed() throws Exception {
		String resource = aResource();

		List<HttpResponse<String>> responses = race(20, () -> book(resource, MARCH_1, MARCH_1.plusDays(3)));

		assertThat(responses).filteredOn((response) -> response.statusCode() == 201).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.statusCode() == 409).hasSize(19);
		assertThat(this.jdbc.sql("select count(*) from bookings where resource_id = ?")
			.param(resource)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private HttpResponse<String> postWithKey(String key, String body) {
		return send(HttpRequest.newBuilder(uri("/bookings"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	private HttpResponse<String> book(String resource, LocalDate start, LocalDate end) {
		return postJson("/bookings", aBookingRequest(this.customer, resource, start, end, "\"420.00\""));
	}

	/**
	 * Starts the same request on many threads at once and collects every response.
	 */
	private static List<HttpResponse<String>> race(int requests, Callable<HttpResponse<String>> request)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return request.call();
				}));
			}
			start.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private void age(String key, Duration age) {
		this.jdbc.sql("update idempotency_keys set created_at = ? where idempotency_key = ?")
			.params(Timestamp.from(Instant.now().minus(age)), key)
			.update();
	}

	private static String idOf(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asString();
	}

	private long bookingsOf(String customer) {
		return this.jdbc.sql("select count(*) from bookings where customer_id = ?")
			.param(customer)
			.query(Long.class)
			.single();
	}

	private long outboxRowsOf(String bookingId) {
		return this.jdbc.sql("select count(*) from outbox_events where aggregate_id = ?::uuid")
			.param(bookingId)
			.query(Long.class)
			.single();
	}

}
