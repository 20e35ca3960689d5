package io.bookingdemo.ledger;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.bookingdemo.testsupport.ConsumerIntegrationTests;
import io.bookingdemo.testsupport.ToggleableProxy;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

import static io.bookingdemo.testsupport.Contracts.aContractEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the ledger service on a random port against real PostgreSQL and a real SNS/SQS
 * emulator, sending events straight to its queue as SNS raw delivery would. PostgreSQL is
 * reached through {@link #DATABASE_PROXY} so that a test can cut it off.
 */
@ExtendWith(OutputCaptureExtension.class)
class LedgerIntegrationTests extends ConsumerIntegrationTests {

	private static final String QUEUE = "ledger-service-events";

	private static final String DEAD_LETTER_QUEUE = QUEUE + "-dlq";

	private static final String DATABASE_URL = INFRASTRUCTURE.springProperties("ledger").get("spring.datasource.url");

	private static final ToggleableProxy DATABASE_PROXY = new ToggleableProxy(
			URI.create(DATABASE_URL.substring("jdbc:".length())));

	// Five receives, each failing after the pool's timeout and waiting out the backoff,
	// take 5 * (2 s + 1 s): an outage longer than that would dead-letter every message
	// that kept being received.
	private static final Duration RETRY_SCHEDULE = Duration.ofSeconds(15);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		useLocalInfrastructure(registry, "ledger");
		registry.add("spring.datasource.url",
				() -> DATABASE_URL.replaceFirst("//[^/]+/", "//127.0.0.1:" + DATABASE_PROXY.port() + "/"));
		registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
		registry.add("messaging.listener.outage.probe-interval", () -> "500ms");
		registry.add("messaging.listener.retry.initial-backoff", () -> "1s");
		registry.add("messaging.listener.retry.multiplier", () -> "1.0");
		registry.add("messaging.metrics.refresh", () -> "200ms");
	}

	@AfterEach
	void ledgerStaysBalanced() {
		JsonNode balances = getJson("/ledger/balances");
		assertThat(balances.get("currencies")).isNotEmpty().allSatisfy((currency) -> {
			assertThat(new BigDecimal(currency.get("debits").stringValue()))
				.isEqualTo(new BigDecimal(currency.get("credits").stringValue()));
			assertThat(currency.get("balanced").booleanValue()).isTrue();
		});
		Map<String, BigDecimal> accountBalanceSums = new HashMap<>();
		balances.get("accounts")
			.forEach((account) -> accountBalanceSums.merge(account.get("currency").stringValue(),
					new BigDecimal(account.get("balance").stringValue()), BigDecimal::add));
		assertThat(accountBalanceSums.values()).allSatisfy((sum) -> assertThat(sum).isZero());
	}

	@Test
	void postsTheContractEventAsBalancedEntries() {
		ObjectNode event = aBookingCreated();
		String eventId = event.get("eventId").stringValue();
		String bookingId = event.get("bookingId").stringValue();

		send(event);

		JsonNode entries = awaitEntries(bookingId, 2);
		assertThat(entries).extracting((entry) -> entry.get("account").stringValue())
			.containsExactly("accounts-receivable", "deferred-revenue");
		assertThat(entries).extracting((entry) -> entry.get("side").stringValue()).containsExactly("DEBIT", "CREDIT");
		assertThat(entries).allSatisfy((entry) -> {
			assertThat(entry.get("amount").stringValue()).isEqualTo("420.00");
			assertThat(entry.get("currency").stringValue()).isEqualTo("EUR");
			assertThat(entry.get("bookingId").stringValue()).isEqualTo(bookingId);
			assertThat(entry.get("eventId").stringValue()).isEqualTo(eventId);
			assertThat(Instant.parse(entry.get("createdAt").stringValue())).isBefore(Instant.now());
		});
		assertThat(this.jdbc.sql("select event_type from processed_events where event_id = ?::uuid")
			.param(eventId)
			.query(String.class)
			.single()).isEqualTo("BookingCreated");
	}

	@ParameterizedTest
	@ValueSource(strings = { "booking-created.v1.json", "payment-captured.v1.json", "payment-declined.v1.json",
			"payment-refunded.v1.json" })
	void skipsDuplicateDelivery(String contract) {
		String bookingId = UUID.randomUUID().toString();
		ObjectNode event = aContractEvent(contract, bookingId);
		String eventId = event.get("eventId").stringValue();

		send(event);
		send(event);

		awaitEntries(bookingId, 2);
		awaitDrained(QUEUE);
		assertThat(entriesOf(bookingId)).hasSize(2);
		assertThat(countWhereEventId("ledger_entries", eventId)).isEqualTo(2);
		assertThat(countWhereEventId("processed_events", eventId)).isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "booking-created.v1.json", "payment-captured.v1.json", "payment-declined.v1.json",
			"payment-refunded.v1.json" })
	void postsEachKindOncePerBookingWhenAProducerReplaysItUnderANewEventId(String contract) {
		String bookingId = UUID.randomUUID().toString();
		ObjectNode event = aContractEvent(contract, bookingId);
		ObjectNode replay = event.deepCopy().put("eventId", UUID.randomUUID().toString());
		List<String> eventIds = List.of(event.get("eventId").stringValue(), replay.get("eventId").stringValue());

		send(event);
		send(replay);

		await().atMost(Duration.ofSeconds(30))
			.until(() -> eventIds.stream().mapToLong((eventId) -> countWhereEventId("processed_events", eventId)).sum(),
					(processed) -> processed == 2);
		assertThat(entriesOf(bookingId)).hasSize(2);
		assertThat(eventIds).map(this::ignoredBecause)
			.containsOnlyOnce("booking " + bookingId + " already has its "
					+ this.jdbc.sql("select rule from booking_postings where booking_id = ?::uuid")
						.param(bookingId)
						.query(String.class)
						.single()
					+ " posting");
		awaitDrained(QUEUE);
	}

	@Test
	void stopsPullingWhileItsDatabaseIsGoneAndPostsEveryBookingOnceWhenItAnswersAgain(CapturedOutput output) {
		emptyQueue(DEAD_LETTER_QUEUE);
		List<ObjectNode> bookings = Stream.generate(LedgerIntegrationTests::aBookingCreated).limit(10).toList();

		DATABASE_PROXY.cut();
		try {
			bookings.forEach(LedgerIntegrationTests::send);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(metric("messaging_listener_paused")).isEqualTo(1.0));
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			await().during(RETRY_SCHEDULE.plusSeconds(5))
				.atMost(RETRY_SCHEDULE.plusSeconds(30))
				.until(() -> metric("messaging_listener_paused") == 1.0
						&& INFRASTRUCTURE.queues().isDrained(DEAD_LETTER_QUEUE));
		}
		finally {
			DATABASE_PROXY.restore();
		}

		bookings.forEach((booking) -> awaitEntries(booking.get("bookingId").stringValue(), 2));
		awaitDrained(QUEUE);
		assertThat(INFRASTRUCTURE.queues().isDrained(DEAD_LETTER_QUEUE)).isTrue();
		assertThat(metric("messaging_listener_paused")).isZero();
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(lines(output, "WARN .*Database out of reach")).isOne();
		assertThat(lines(output, "INFO .*Database answers again after")).isOne();
	}

	@Test
	void postsTheCapturedPaymentContractEventAsCashReceived() {
		String bookingId = UUID.randomUUID().toString();
		ObjectNode captured = aContractEvent("payment-captured.v1.json", bookingId);

		send(aContractEvent("booking-created.v1.json", bookingId));
		awaitEntries(bookingId, 2);
		send(captured);

		JsonNode entries = awaitEntries(bookingId, 4);
		assertThat(entries).map(LedgerIntegrationTests::describe)
			.endsWith("DEBIT cash 420.00 EUR " + captured.get("eventId").stringValue(),
					"CREDIT accounts-receivable 420.00 EUR " + captured.get("eventId").stringValue());
		assertThat(accountBalancesOf(bookingId)).containsExactly("accounts-receivable EUR 0.00", "cash EUR 420.00",
				"deferred-revenue EUR -420.00");
		assertThat(eventTypeOf(captured)).isEqualTo("PaymentCaptured");
	}

	@Test
	void reversesTheReceivableOfTheDeclinedPaymentContractEvent() {
		String bookingId = UUID.randomUUID().toString();
		ObjectNode declined = aContractEvent("payment-declined.v1.json", bookingId);

		send(aContractEvent("booking-created.v1.json", bookingId).put("amount", "12000.00"));
		awaitEntries(bookingId, 2);
		send(declined);

		JsonNode entries = awaitEntries(bookingId, 4);
		assertThat(entries).map(LedgerIntegrationTests::describe)
			.endsWith("DEBIT deferred-revenue 12000.00 EUR " + declined.get("eventId").stringValue(),
					"CREDIT accounts-receivable 12000.00 EUR " + declined.get("eventId").stringValue());
		assertThat(accountBalancesOf(bookingId)).containsExactly("accounts-receivable EUR 0.00",
				"deferred-revenue EUR 0.00");
		assertThat(eventTypeOf(declined)).isEqualTo("PaymentDeclined");
	}

	@Test
	void bringsARefundedBookingBackToZeroWhenTheRefundArrivesTwice() {
		String bookingId = UUID.randomUUID().toString();
		ObjectNode refunded = aContractEvent("payment-refunded.v1.json", bookingId);

		send(aContractEvent("booking-created.v1.json", bookingId));
		send(aContractEvent("payment-captured.v1.json", bookingId));
		awaitEntries(bookingId, 4);
		send(refunded);
		send(refunded);

		JsonNode entries = awaitEntries(bookingId, 6);
		assertThat(entries).map(LedgerIntegrationTests::describe)
			.endsWith("DEBIT deferred-revenue 420.00 EUR " + refunded.get("eventId").stringValue(),
					"CREDIT cash 420.00 EUR " + refunded.get("eventId").stringValue());
		awaitDrained(QUEUE);
		assertThat(entriesOf(bookingId)).hasSize(6);
		assertThat(countWhereEventId("processed_events", refunded.get("eventId").stringValue())).isOne();
		assertThat(accountBalancesOf(bookingId)).containsExactly("accounts-receivable EUR 0.00", "cash EUR 0.00",
				"deferred-revenue EUR 0.00");
		assertThat(getJson("/ledger/balances?bookingId=" + bookingId).get("currencies").toString())
			.isEqualTo("[{\"currency\":\"EUR\",\"debits\":\"1260.00\",\"credits\":\"1260.00\",\"balanced\":true}]");
	}

	@Test
	void postsAPaymentCapturedBeforeItsBookingAsIfInOrder() {
		String bookingId = UUID.randomUUID().toString();

		send(aContractEvent("payment-captured.v1.json", bookingId));
		awaitEntries(bookingId, 2);
		assertThat(accountBalancesOf(bookingId)).containsExactly("accounts-receivable EUR -420.00", "cash EUR 420.00");
		send(aContractEvent("booking-created.v1.json", bookingId));

		awaitEntries(bookingId, 4);
		assertThat(accountBalancesOf(bookingId)).containsExactly("accounts-receivable EUR 0.00", "cash EUR 420.00",
				"deferred-revenue EUR -420.00");
	}

	@Test
	void movesPoisonMessagesToTheDeadLetterQueueAndKeepsConsuming() {
		String notJson = "not json " + UUID.randomUUID();
		ObjectNode unknownType = aBookingCreated().put("eventType", "BookingTeleported");
		ObjectNode missingAmount = aBookingCreated();
		missingAmount.remove("amount");
		ObjectNode valid = aBookingCreated();
		double unknownTypeFailuresBefore = metric("events_failed_total", "event_type=\"BookingTeleported\"");

		deliver(QUEUE, notJson);
		send(unknownType);
		send(missingAmount);
		send(valid);

		awaitEntries(valid.get("bookingId").stringValue(), 2);
		List<String> expected = List.of(notJson, unknownType.toString(), missingAmount.toString());
		List<String> deadLetters = bodies(
				receiveUntil(DEAD_LETTER_QUEUE, (messages) -> bodies(messages).containsAll(expected)));
		assertThat(deadLetters).contains(notJson, unknownType.toString(), missingAmount.toString());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					metric("events_failed_total", "event_type=\"BookingTeleported\"", "queue=\"" + QUEUE + "\"")
							- unknownTypeFailuresBefore)
				.as("one failure per receive the redrive policy allows")
				.isEqualTo(5.0));
		assertThat(countWhereEventId("processed_events", missingAmount.get("eventId").stringValue())).isZero();
	}

	@Test
	void totalsBalancesPerAccountAndCurrencyInTheDatabase() {
		ObjectNode first = aBookingCreated().put("amount", "100.10").put("currency", "CHF");
		ObjectNode second = aBookingCreated().put("amount", "50.25").put("currency", "CHF");

		send(first);
		send(second);

		awaitEntries(first.get("bookingId").stringValue(), 2);
		awaitEntries(second.get("bookingId").stringValue(), 2);
		JsonNode balances = getJson("/ledger/balances");
		assertThat(balances.get("accounts"))
			.filteredOn((account) -> account.get("currency").stringValue().equals("CHF"))
			.map(JsonNode::toString)
			.containsExactly(
					"{\"account\":\"accounts-receivable\",\"currency\":\"CHF\",\"debits\":\"150.35\",\"credits\":\"0.00\",\"balance\":\"150.35\"}",
					"{\"account\":\"deferred-revenue\",\"currency\":\"CHF\",\"debits\":\"0.00\",\"credits\":\"150.35\",\"balance\":\"-150.35\"}");
		assertThat(balances.get("currencies"))
			.filteredOn((currency) -> currency.get("currency").stringValue().equals("CHF"))
			.map(JsonNode::toString)
			.containsExactly("{\"currency\":\"CHF\",\"debits\":\"150.35\",\"credits\":\"150.35\",\"balanced\":true}");
	}

	@Test
	void answersProblemsForBadRequests() {
		assertThat(get("/ledger/entries")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(JSON.readTree(response.body()).get("type").stringValue())
				.isEqualTo("https://booking-demo.example/problems/missing-parameter");
		});
		assertThat(get("/ledger/entries?bookingId=not-a-uuid").statusCode()).isEqualTo(400);
		assertThat(get("/ledger/balances?bookingId=not-a-uuid")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(JSON.readTree(response.body()).get("type").stringValue())
				.isEqualTo("https://booking-demo.example/problems/invalid-parameter");
		});
		assertThat(get("/ledger/unknown")).satisfies((response) -> {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(JSON.readTree(response.body()).get("type").stringValue())
				.isEqualTo("https://booking-demo.example/problems/not-found");
		});
	}

	private static ObjectNode aBookingCreated() {
		return aContractEvent("booking-created.v1.json", UUID.randomUUID());
	}

	private static String describe(JsonNode entry) {
		return String.join(" ", entry.get("side").stringValue(), entry.get("account").stringValue(),
				entry.get("amount").stringValue(), entry.get("currency").stringValue(),
				entry.get("eventId").stringValue());
	}

	private List<String> accountBalancesOf(String bookingId) {
		return getJson("/ledger/balances?bookingId=" + bookingId).get("accounts")
			.valueStream()
			.map((account) -> String.join(" ", account.get("account").stringValue(),
					account.get("currency").stringValue(), account.get("balance").stringValue()))
			.toList();
	}

	private String eventTypeOf(ObjectNode event) {
		return this.jdbc.sql("select event_type from processed_events where event_id = ?::uuid")
			.param(event.get("eventId").stringValue())
			.query(String.class)
			.single();
	}

	private static void send(ObjectNode event) {
		deliver(QUEUE, event);
	}

	private JsonNode awaitEntries(String bookingId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> entriesOf(bookingId), (entries) -> entries.size() == count);
	}

	private JsonNode entriesOf(String bookingId) {
		return getJson("/ledger/entries?bookingId=" + bookingId);
	}

	private static List<String> bodies(List<Message> messages) {
		return messages.stream().map(Message::body).toList();
	}

	private static long lines(CapturedOutput output, String pattern) {
		return output.getOut().lines().filter(Pattern.compile(pattern).asPredicate()).count();
	}

	private String ignoredBecause(String eventId) {
		return this.jdbc.sql("select coalesce(ignored_because, '') from processed_events where event_id = ?::uuid")
			.param(eventId)
			.query(String.class)
			.single();
	}

	private long countWhereEventId(String table, String eventId) {
		return this.jdbc.sql("select count(*) from " + table + " where event_id = ?::uuid")
			.param(eventId)
			.query(Long.class)
			.single();
	}

}
