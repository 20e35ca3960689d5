package io.bookingdemo.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.infra.topology.Topology;
import io.bookingdemo.testsupport.Http;
import io.bookingdemo.testsupport.LocalInfrastructure;
import io.bookingdemo.testsupport.Ports;
import io.bookingdemo.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The booking saga, end to end, in both messaging modes: the four services run as
 * separate processes, each with its own database, connected only by SNS and SQS. Each
 * booking is made and cancelled by a customer of its own; the consumers' APIs are read as
 * an operator. Every service exports its spans to a Zipkin intake in the test.
 */
class BookingJourneyIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Map<String, String> DATABASES = Map.of("booking-api", "booking", "payment-service", "payment",
			"ledger-service", "ledger", "notification-service", "notification");

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class Standard extends Journey {

		Standard() {
			super("standard");
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class Fifo extends Journey {

		Fifo() {
			super("fifo");
		}

		@Test
		void aConfirmedThenCancelledBookingReachesEveryConsumerInLifecycleOrder() {
			String bookingId = book("420.00");
			awaitBooking(bookingId, "CONFIRMED");
			assertThat(cancel(bookingId).statusCode()).isEqualTo(200);

			JsonNode notifications = awaitNotifications(bookingId, "BOOKING_RECEIVED", "BOOKING_CONFIRMED",
					"BOOKING_CANCELLED", "REFUND_ISSUED");
			assertThat(notifications.valueStream().map((notification) -> notification.get("type").asString()))
				.as("e-mails in the order they were sent")
				.containsExactly("BOOKING_RECEIVED", "BOOKING_CONFIRMED", "BOOKING_CANCELLED", "REFUND_ISSUED");
			awaitPayment(bookingId, "REFUNDED");
			awaitLedgerEntries(bookingId, 6);
			for (String consumer : List.of("booking-api", "payment-service", "ledger-service",
					"notification-service")) {
				String metrics = Http.get(service(consumer).uri("/actuator/prometheus"), TestTokens.operator()).body();
				assertThat(metrics).as(consumer)
					.contains("events_processed_total{")
					.doesNotContain("events_out_of_order_total{");
			}
		}

	}

	/**
	 * The journeys, run against services started in one messaging mode.
	 */
	abstract static class Journey {

		private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

		private final ZipkinCollector zipkin = ZipkinCollector.start();

		// The token of each booking's customer, by booking id.
		private final Map<String, String> customers = new ConcurrentHashMap<>();

		private final String mode;

		Journey(String mode) {
			this.mode = mode;
		}

		@BeforeAll
		void startServices() {
			LocalInfrastructure infrastructure = LocalInfrastructure.shared();
			for (String name : List.of("booking-api", "payment-service", "ledger-service", "notification-service")) {
				// Each mode's services get databases of their own.
				String database = DATABASES.get(name) + "_" + this.mode;
				Map<String, String> environment = new LinkedHashMap<>();
				environment.put("DB_URL", infrastructure.postgres().createDatabase(database));
				environment.put("DB_USER", database);
				environment.put("DB_PASSWORD", database);
				environment.put("AWS_ENDPOINT_URL", infrastructure.emulator().endpoint().toString());
				environment.put("AWS_REGION", infrastructure.emulator().region());
				environment.put("AWS_ACCESS_KEY_ID", "test");
				environment.put("AWS_SECRET_ACCESS_KEY", "test");
				environment.put("MESSAGING_MODE", this.mode);
				environment.putAll(Topology.declared().inMode(Topology.Mode.of(this.mode)).environmentOf(name));
				environment.put("JWT_ISSUER", TestTokens.ISSUER);
				environment.put("JWT_PUBLIC_KEY_LOCATION", TestTokens.publicKey().toUri().toString());
				environment.put("ZIPKIN_ENDPOINT", this.zipkin.endpoint().toString());
				environment.put("TRACING_SAMPLING_PROBABILITY", "1.0");
				environment.put("MESSAGING_TRACING_STATEMENTS", "true");
				environment.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "200ms");
				this.services.put(name, ServiceProcess.start(name, Ports.free(), environment));
			}
			// A bound for a start that failed, not a wait: CI runs the demo's checks
			// beside the suite on two cores, where four JVMs can take minutes to start.
			await().atMost(Duration.ofSeconds(300))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> this.services.values().stream().allMatch(ServiceProcess::isReady));
		}

		@AfterAll
		void stopServices() {
			// Each service takes a while to shut down gracefully (its listeners finish
			// their long polls): all of them at once rather than one after the other.
			this.services.values().forEach(ServiceProcess::stop);
			this.services.values().forEach(ServiceProcess::close);
			this.zipkin.close();
		}

		@Test
		void aBookingIsPaidAndConfirmedThroughEveryService() {
			String bookingId = book("420.00");

			JsonNode booking = awaitBooking(bookingId, "CONFIRMED");
			JsonNode payment = awaitPayment(bookingId, "CAPTURED");
			assertThat(booking.get("paymentId")).isEqualTo(payment.get("id"));
			assertThat(payment.get("amount").asString()).isEqualTo("420.00");
			assertThat(awaitLedgerEntries(bookingId, 4)).containsExactlyInAnyOrder(
					"DEBIT accounts-receivable 420.00 EUR", "CREDIT deferred-revenue 420.00 EUR",
					"DEBIT cash 420.00 EUR", "CREDIT accounts-receivable 420.00 EUR");
			JsonNode notifications = awaitNotifications(bookingId, "BOOKING_RECEIVED", "BOOKING_CONFIRMED");
			assertThat(notifications.valueStream().map((notification) -> notification.get("recipient").asString()))
				.containsOnly("ada@example.com");
			assertLedgerBalancedInEveryCurrency();
		}

		@Test
		void aBookingIsOneTraceFromThePostThroughEveryServiceEachSpanTaggedWithTheBooking() {
			String bookingId = book("420.00");
			awaitBooking(bookingId, "CONFIRMED");
			awaitNotifications(bookingId, "BOOKING_RECEIVED", "BOOKING_CONFIRMED");

			Set<String> journey = Set.of("http post /bookings", "outbox wait", "publish bookingcreated",
					"process bookingcreated", "publish paymentcaptured", "process paymentcaptured",
					"publish bookingconfirmed", "process bookingconfirmed");
			// Each service exports its spans in its own batches: a consumer's span
			// may reach the intake before the publish span it continues.
			List<JsonNode> spans = await().atMost(Duration.ofSeconds(60))
				.until(() -> spansOf(bookingId),
						(found) -> servicesOf(found).size() == 4 && names(found).containsAll(journey));
			assertThat(spans.stream().map((span) -> span.get("traceId").asString()).distinct())
				.as("traces of the booking")
				.hasSize(1);
			String traceId = spans.get(0).get("traceId").asString();
			assertThat(servicesOf(spans)).containsExactlyInAnyOrder("booking-api", "payment-service", "ledger-service",
					"notification-service");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				List<JsonNode> trace = this.zipkin.spans()
					.stream()
					.filter((span) -> span.get("traceId").asString().equals(traceId))
					.toList();
				Set<String> ids = trace.stream().map((span) -> span.get("id").asString()).collect(Collectors.toSet());
				assertThat(trace).as("roots of the booking's trace")
					.filteredOn(
							(span) -> !span.hasNonNull("parentId") || !ids.contains(span.get("parentId").asString()))
					.singleElement()
					.satisfies((root) -> assertThat(root.get("localEndpoint").get("serviceName").asString())
						.isEqualTo("booking-api"))
					.satisfies((root) -> assertThat(root.get("kind").asString()).isEqualTo("SERVER"));
				assertThat(trace).as("every span of the trace is tagged with the booking")
					.allSatisfy((span) -> assertThat(span.path("tags").path("booking.id").asString(""))
						.as(span.path("name").asString(""))
						.isEqualTo(bookingId));
				assertThat(trace).as("the SQL statements in the trace")
					.filteredOn((span) -> span.path("tags").has("jdbc.query[0]"))
					.allSatisfy((span) -> assertThat(span.get("name").asString()).isEqualTo("query"))
					.allSatisfy((span) -> assertThat(span.path("tags").propertyNames()).as("no bind values")
						.noneMatch((tag) -> tag.startsWith("jdbc.params")))
					.extracting((span) -> span.get("localEndpoint").get("serviceName").asString())
					.contains("booking-api", "payment-service", "ledger-service", "notification-service");
				assertThat(trace).as("the payment Hibernate writes, in the trace")
					.anyMatch((span) -> span.get("localEndpoint")
						.get("serviceName")
						.asString()
						.equals("payment-service")
							&& span.path("tags").path("jdbc.query[0]").asString("").startsWith("insert into payments"));
			});
		}

		@Test
		void aBookingOverTheLimitIsDeclinedRejectedWithTheReasonAndLeavesNoBalance() {
			String bookingId = book("12000.00");

			JsonNode booking = awaitBooking(bookingId, "REJECTED");
			JsonNode payment = awaitPayment(bookingId, "DECLINED");
			assertThat(booking.get("rejectionReason").asString()).contains("exceeds the limit")
				.isEqualTo(payment.get("reason").asString());
			assertThat(awaitLedgerEntries(bookingId, 4)).containsExactlyInAnyOrder(
					"DEBIT accounts-receivable 12000.00 EUR", "CREDIT deferred-revenue 12000.00 EUR",
					"DEBIT deferred-revenue 12000.00 EUR", "CREDIT accounts-receivable 12000.00 EUR");
			JsonNode notifications = awaitNotifications(bookingId, "BOOKING_RECEIVED", "BOOKING_REJECTED");
			assertThat(notifications.valueStream()
				.filter((notification) -> notification.get("type").asString().equals("BOOKING_REJECTED"))
				.map((notification) -> notification.get("body").asString())).singleElement()
				.asString()
				.contains(payment.get("reason").asString());
			assertLedgerBalancedInEveryCurrency();
		}

		@Test
		void aCancelledBookingIsRefundedAndItsLedgerReturnsToZero() {
			String bookingId = book("420.00");
			awaitBooking(bookingId, "CONFIRMED");

			HttpResponse<String> cancelled = cancel(bookingId);

			assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
			awaitBooking(bookingId, "CANCELLED");
			awaitPayment(bookingId, "REFUNDED");
			assertThat(awaitLedgerEntries(bookingId, 6)).containsExactlyInAnyOrder(
					"DEBIT accounts-receivable 420.00 EUR", "CREDIT deferred-revenue 420.00 EUR",
					"DEBIT cash 420.00 EUR", "CREDIT accounts-receivable 420.00 EUR",
					"DEBIT deferred-revenue 420.00 EUR", "CREDIT cash 420.00 EUR");
			awaitNotifications(bookingId, "BOOKING_RECEIVED", "BOOKING_CONFIRMED", "BOOKING_CANCELLED",
					"REFUND_ISSUED");
			assertLedgerBalancedInEveryCurrency();
		}

		@Test
		void everyServiceExposesHealthAndPrometheusAndNothingElseOfActuator() {
			for (ServiceProcess service : this.services.values()) {
				HttpResponse<String> prometheus = Http.get(service.uri("/actuator/prometheus"), TestTokens.operator());
				assertThat(prometheus.statusCode()).as(service.name()).isEqualTo(200);
				assertThat(prometheus.body()).as(service.name()).contains("jvm_memory_used_bytes");
				assertThat(Http.get(service.uri("/actuator/prometheus")).statusCode())
					.as(service.name() + " without a token")
					.isEqualTo(401);
				assertThat(Http.get(service.uri("/actuator/health/readiness")).body()).contains("\"UP\"");
				for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops")) {
					assertThat(Http.get(service.uri(hidden), TestTokens.operator()).statusCode())
						.as(service.name() + hidden)
						.isEqualTo(404);
				}
			}
		}

		String book(String amount) {
			String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
			String resource = "room-" + UUID.randomUUID().toString().substring(0, 8);
			String token = TestTokens.customer(customer);
			HttpResponse<String> created = Http.postJson(service("booking-api").uri("/bookings"), """
					{"customerId":"%s","customerEmail":"ada@example.com","resourceId":"%s",\
					"startDate":"2027-03-01","endDate":"2027-03-04","amount":"%s","currency":"EUR"}"""
				.formatted(customer, resource, amount), token);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String bookingId = JSON.readTree(created.body()).get("id").asString();
			this.customers.put(bookingId, token);
			return bookingId;
		}

		HttpResponse<String> cancel(String bookingId) {
			return Http.postJson(service("booking-api").uri("/bookings/" + bookingId + "/cancel"), "",
					this.customers.get(bookingId));
		}

		JsonNode awaitBooking(String bookingId, String status) {
			return await().atMost(Duration.ofSeconds(60))
				.until(() -> JSON.readTree(
						Http.get(service("booking-api").uri("/bookings/" + bookingId), this.customers.get(bookingId))
							.body()),
						(booking) -> booking.get("status").asString().equals(status));
		}

		JsonNode awaitPayment(String bookingId, String status) {
			return await().atMost(Duration.ofSeconds(60))
				.until(() -> list("payment-service", "/payments?bookingId=" + bookingId),
						(payments) -> payments.size() == 1 && payments.get(0).get("status").asString().equals(status))
				.get(0);
		}

		/**
		 * Waits for the booking's ledger entries, each as "side account amount currency".
		 */
		List<String> awaitLedgerEntries(String bookingId, int count) {
			return await().atMost(Duration.ofSeconds(60))
				.until(() -> list("ledger-service", "/ledger/entries?bookingId=" + bookingId),
						(list) -> list.size() == count)
				.valueStream()
				.map((entry) -> entry.get("side").asString() + " " + entry.get("account").asString() + " "
						+ entry.get("amount").asString() + " " + entry.get("currency").asString())
				.toList();
		}

		JsonNode awaitNotifications(String bookingId, String... types) {
			JsonNode notifications = await().atMost(Duration.ofSeconds(60))
				.until(() -> list("notification-service", "/notifications?bookingId=" + bookingId),
						(list) -> list.size() >= types.length);
			assertThat(notifications.valueStream().map((notification) -> notification.get("type").asString()))
				.containsExactlyInAnyOrder(types);
			return notifications;
		}

		void assertLedgerBalancedInEveryCurrency() {
			JsonNode balances = JSON
				.readTree(Http.get(service("ledger-service").uri("/ledger/balances"), TestTokens.operator()).body());
			assertThat(balances.get("currencies").valueStream()).isNotEmpty()
				.allSatisfy((currency) -> assertThat(currency.get("balanced").asBoolean()).as(currency.toString())
					.isTrue());
		}

		JsonNode list(String service, String path) {
			HttpResponse<String> response = Http.get(service(service).uri(path), TestTokens.operator());
			return (response.statusCode() == 200) ? JSON.readTree(response.body()) : JSON.createArrayNode();
		}

		List<JsonNode> spansOf(String bookingId) {
			return this.zipkin.spans()
				.stream()
				.filter((span) -> bookingId.equals(span.path("tags").path("booking.id").asString("")))
				.toList();
		}

		static Set<String> servicesOf(List<JsonNode> spans) {
			return spans.stream()
				.map((span) -> span.path("localEndpoint").path("serviceName").asString(""))
				.collect(Collectors.toSet());
		}

		// Zipkin's model lowercases span names.
		static Set<String> names(List<JsonNode> spans) {
			return spans.stream().map((span) -> span.path("name").asString("")).collect(Collectors.toSet());
		}

		ServiceProcess service(String name) {
			return this.services.get(name);
		}

	}

}
