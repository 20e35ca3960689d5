package io.bookingdemo.booking.bookings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.booking.BookingApiIntegrationTests;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OutboxRelayIntegrationTests extends BookingApiIntegrationTests {

	private static final int BOOKINGS = 12;

	private static final String BOOKING_API = "application=\"booking-api\"";

	@AfterEach
	void restoreSns() {
		SNS_PROXY.restore();
	}

	@Test
	void keepsAcceptingBookingsWhileSnsIsDownAndPublishesEachExactlyOnceWhenItIsBack() {
		double lagsBefore = metric("outbox_publish_lag_seconds_count", BOOKING_API);
		double lagSecondsBefore = metric("outbox_publish_lag_seconds_sum", BOOKING_API);
		SNS_PROXY.cut();
		int refusedBefore = SNS_PROXY.refusedConnections();
		List<String> bookingIds = new ArrayList<>();
		for (int i = 0; i < BOOKINGS; i++) {
			String body = """
					{"customerEmail":"ada@example.com","resourceId":"room-%s",\
					"startDate":"2027-05-01","endDate":"2027-05-02","amount":"99.00","currency":"EUR"}"""
				.formatted(UUID.randomUUID());
			var response = postJson("/bookings", body);
			assertThat(response.statusCode()).isEqualTo(201);
			bookingIds.add(JSON.readTree(response.body()).get("id").asString());
		}
		Instant lastAccepted = Instant.now();

		await().atMost(Duration.ofSeconds(30)).until(() -> SNS_PROXY.refusedConnections() > refusedBefore + 2);
		await().atMost(Duration.ofSeconds(30))
			.alias("the relay tried the oldest rows and recorded why it failed")
			.until(() -> this.jdbc
				.sql("select count(*) from outbox_events where aggregate_id in (:ids) and last_error is not null")
				.param("ids", uuids(bookingIds))
				.query(Long.class)
				.single() > 0);
		assertThat(pendingFor(bookingIds)).as("nothing is published while SNS is unreachable").isEqualTo(BOOKINGS);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric("outbox_backlog", BOOKING_API)).as("backlog gauge")
				.isGreaterThanOrEqualTo(BOOKINGS));
		assertThat(metric("outbox_oldest_unpublished_seconds", BOOKING_API)).as("age of the oldest unpublished row")
			.isPositive();

		Instant restored = Instant.now();
		SNS_PROXY.restore();

		await().atMost(Duration.ofSeconds(60)).until(() -> pendingFor(bookingIds) == 0);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(metric("outbox_backlog", BOOKING_API)).as("backlog gauge").isZero());
		assertThat(metric("outbox_oldest_unpublished_seconds", BOOKING_API)).as("age of the oldest unpublished row")
			.isZero();
		assertThat(metric("outbox_publish_lag_seconds_count", BOOKING_API) - lagsBefore).as("rows timed")
			.isGreaterThanOrEqualTo(BOOKINGS);
		// Every row was created before the last booking was accepted and published after
		// SNS came back.
		assertThat(metric("outbox_publish_lag_seconds_sum", BOOKING_API) - lagSecondsBefore)
			.as("seconds the rows waited")
			.isGreaterThanOrEqualTo(BOOKINGS * Duration.between(lastAccepted, restored).toMillis() / 1000.0);
		assertThat(metric("outbox_publish_lag_seconds_bucket", BOOKING_API)).as("histogram buckets").isPositive();
		List<Message> received = receiveUntil("ledger-service-events",
				(messages) -> countByBooking(messages, bookingIds).size() == BOOKINGS);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> {
			received.addAll(receiveUntil("ledger-service-events", (messages) -> true));
			return true;
		});
		assertThat(countByBooking(received, bookingIds)).hasSize(BOOKINGS)
			.allSatisfy(
					(id, count) -> assertThat(count).as("deliveries of the event for booking %s", id).isEqualTo(1L));
		assertThat(this.jdbc.sql("select count(*) from outbox_events where aggregate_id in (:ids)")
			.param("ids", uuids(bookingIds))
			.query(Long.class)
			.single()).as("one outbox row per booking").isEqualTo(BOOKINGS);
		List<UUID> publishOrder = this.jdbc
			.sql("select aggregate_id from outbox_events where aggregate_id in (:ids) order by published_at, id")
			.param("ids", uuids(bookingIds))
			.query(UUID.class)
			.list();
		assertThat(publishOrder).as("published in order of creation").containsExactlyElementsOf(uuids(bookingIds));
	}

	private long pendingFor(List<String> bookingIds) {
		return this.jdbc.sql("select count(*) from outbox_events where published_at is null and aggregate_id in (:ids)")
			.param("ids", uuids(bookingIds))
			.query(Long.class)
			.single();
	}

	private static List<UUID> uuids(List<String> ids) {
		return ids.stream().map(UUID::fromString).toList();
	}

	private static Map<String, Long> countByBooking(List<Message> messages, List<String> bookingIds) {
		return messages.stream()
			.map((message) -> JSON.readTree(message.body()).get("bookingId").asString())
			.filter(bookingIds::contains)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
