package io.bookingdemo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.infra.local.LocalInfrastructure;
import io.bookingdemo.infra.local.Ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One booking, end to end: the four services run as separate processes, each with its own
 * database, connected only by SNS and SQS.
 */
class BookingJourneyIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Map<String, String> DATABASES = Map.of("booking-api", "booking", "payment-service", "payment",
			"ledger-service", "ledger", "notification-service", "notification");

	private static final Map<String, ServiceProcess> services = new LinkedHashMap<>();

	@BeforeAll
	static void startServices() {
		LocalInfrastructure infrastructure = LocalInfrastructure.shared();
		for (String name : List.of("booking-api", "payment-service", "ledger-service", "notification-service")) {
			String database = DATABASES.get(name);
			Map<String, String> environment = new LinkedHashMap<>();
			environment.put("DB_URL", infrastructure.postgres().createDatabase(database));
			environment.put("DB_USER", database);
			environment.put("DB_PASSWORD", database);
			environment.put("AWS_ENDPOINT_URL", infrastructure.emulator().endpoint().toString());
			environment.put("AWS_REGION", infrastructure.emulator().region());
			environment.put("AWS_ACCESS_KEY_ID", "test");
			environment.put("AWS_SECRET_ACCESS_KEY", "test");
			services.put(name, ServiceProcess.start(name, Ports.free(), environment));
		}
		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> services.values().stream().allMatch(ServiceProcess::isReady));
	}

	@AfterAll
	static void stopServices() {
		services.values().forEach(ServiceProcess::close);
	}

	@Test
	void oneBookingReachesPaymentLedgerAndNotifications() {
		String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = post(service("booking-api").uri("/bookings"), """
				{"customerId":"%s","customerEmail":"ada@example.com","resourceId":"room-101",\
				"startDate":"2027-03-01","endDate":"2027-03-04","amount":"420.00","currency":"EUR"}"""
			.formatted(customer));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String bookingId = JSON.readTree(created.body()).get("id").asString();

		JsonNode payments = awaitList("payment-service", "/payments?bookingId=" + bookingId, 1);
		assertThat(payments.get(0).get("status").asString()).isEqualTo("CAPTURED");
		assertThat(payments.get(0).get("amount").asString()).isEqualTo("420.00");
		assertThat(payments.get(0).get("currency").asString()).isEqualTo("EUR");

		JsonNode entries = awaitList("ledger-service", "/ledger/entries?bookingId=" + bookingId, 2);
		assertThat(entries.valueStream()
			.map((entry) -> entry.get("side").asString() + " " + entry.get("account").asString() + " "
					+ entry.get("amount").asString() + " " + entry.get("currency").asString()))
			.containsExactlyInAnyOrder("DEBIT accounts-receivable 420.00 EUR", "CREDIT deferred-revenue 420.00 EUR");

		JsonNode notifications = awaitList("notification-service", "/notifications?bookingId=" + bookingId, 1);
		assertThat(notifications.get(0).get("type").asString()).isEqualTo("BOOKING_RECEIVED");
		assertThat(notifications.get(0).get("recipient").asString()).isEqualTo("ada@example.com");
		assertThat(notifications.get(0).get("subject").asString()).contains("room-101");
	}

	@Test
	void everyServiceExposesHealthAndPrometheusAndNothingElseOfActuator() {
		for (ServiceProcess service : services.values()) {
			HttpResponse<String> prometheus = get(service.uri("/actuator/prometheus"));
			assertThat(prometheus.statusCode()).as(service.name()).isEqualTo(200);
			assertThat(prometheus.body()).as(service.name()).contains("jvm_memory_used_bytes");
			assertThat(get(service.uri("/actuator/health/readiness")).body()).contains("\"UP\"");
			for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops")) {
				assertThat(get(service.uri(hidden)).statusCode()).as(service.name() + hidden).isEqualTo(404);
			}
		}
	}

	private static JsonNode awaitList(String service, String path, int size) {
		return await().atMost(Duration.ofSeconds(60)).until(() -> {
			HttpResponse<String> response = get(service(service).uri(path));
			return (response.statusCode() == 200) ? JSON.readTree(response.body()) : JSON.createArrayNode();
		}, (list) -> list.size() == size);
	}

	private static ServiceProcess service(String name) {
		return services.get(name);
	}

	private static HttpResponse<String> post(URI uri, String json) {
		return send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET().build());
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
