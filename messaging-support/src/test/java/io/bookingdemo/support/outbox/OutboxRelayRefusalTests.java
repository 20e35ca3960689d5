package io.bookingdemo.support.outbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingMode;
import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestDatabases;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishBatchResultEntry;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.Topic;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay against an SNS that refuses a whole {@code PublishBatch} call rather than one
 * entry of it, as AWS does with {@code BatchRequestTooLong} when one message makes the
 * batch longer than 256 KiB, and that throttles; neither emulator does either, so SNS is
 * a stand-in here while the database is real.
 */
class OutboxRelayRefusalTests {

	private static final int MAX_REFUSALS = 2;

	private static final int LONGEST_BATCH = 262_144;

	private static final String TOPIC = "widgets";

	private final DataSource dataSource = TestDatabases.migrated("support_relay_refusal");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	private final Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build());

	private final RefusingSns sns = new RefusingSns();

	private final OutboxRelay relay = new OutboxRelay(this.jdbc, this.transaction, this.sns, TOPIC,
			MessagingMode.STANDARD,
			new MessagingProperties.Outbox(Duration.ofMillis(200), 10, Duration.ofSeconds(5), Duration.ofDays(7),
					Duration.ofHours(1), MAX_REFUSALS),
			Clock.systemUTC(), new OutboxMetrics(this.jdbc, new SimpleMeterRegistry(), Clock.systemUTC(),
					Duration.ofSeconds(5), MessagingMode.STANDARD));

	@BeforeEach
	void emptyOutbox() {
		this.jdbc.sql("delete from outbox_events").update();
	}

	@Test
	void publishesTheRowsOfABatchRefusedAsAWholeOneByOneAndSetsAsideTheOneRefusedAlone() {
		List<UUID> events = append(3);
		this.jdbc.sql("update outbox_events set payload = repeat('x', 300000) where event_id = ?")
			.param(events.get(1))
			.update();

		assertThat(this.relay.relayBatch()).as("published one at a time").isEqualTo(2);
		assertThat(this.relay.relayBatch()).as("the oversized row refused alone again").isZero();

		assertThat(this.sns.published).containsExactly(events.get(0).toString(), events.get(2).toString());
		assertThat(this.jdbc
			.sql("select refusals, set_aside_at is not null, last_error from outbox_events where event_id = ?")
			.param(events.get(1))
			.query((rs, rowNum) -> List.of(rs.getInt(1), rs.getBoolean(2), rs.getString(3)))
			.single()).containsExactly(MAX_REFUSALS, true, "BatchRequestTooLong: The batch is too long");
	}

	@Test
	void countsThrottlingAsAnAttemptNeverAsARefusal() {
		List<UUID> events = append(2);
		this.sns.throttling = true;

		for (int run = 0; run < MAX_REFUSALS + 1; run++) {
			assertThat(this.relay.relayBatch()).isEqualTo(-1);
		}

		assertThat(this.jdbc.sql("select attempts, refusals, set_aside_at is null from outbox_events order by id")
			.query((rs, rowNum) -> List.of(rs.getInt(1), rs.getInt(2), rs.getBoolean(3)))
			.list()).containsOnly(List.of(MAX_REFUSALS + 1, 0, true));
		this.sns.throttling = false;
		assertThat(this.relay.relayBatch()).isEqualTo(2);
		assertThat(this.sns.published).containsExactlyElementsOf(events.stream().map(UUID::toString).toList());
	}

	private List<UUID> append(int count) {
		List<UUID> events = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			WidgetShipped event = new WidgetShipped(UUID.randomUUID(), WidgetShipped.TYPE, WidgetShipped.VERSION,
					Instant.now(), UUID.randomUUID(), new BigDecimal("1.5"));
			this.transaction.executeWithoutResult((status) -> this.outbox.append(event));
			events.add(event.eventId());
		}
		return events;
	}

	/**
	 * Refuses a batch longer than SNS takes as a whole call, and everything while it
	 * throttles; publishes the rest.
	 */
	private static final class RefusingSns implements SnsClient {

		private final List<String> published = new ArrayList<>();

		private volatile boolean throttling;

		@Override
		public ListTopicsResponse listTopics(ListTopicsRequest request) {
			return ListTopicsResponse.builder()
				.topics(Topic.builder().topicArn("arn:aws:sns:us-east-1:000000000000:" + TOPIC).build())
				.build();
		}

		@Override
		public PublishBatchResponse publishBatch(PublishBatchRequest request) {
			if (this.throttling) {
				throw refusal("Throttling", "Rate exceeded");
			}
			int length = request.publishBatchRequestEntries()
				.stream()
				.mapToInt((entry) -> entry.message().getBytes(StandardCharsets.UTF_8).length)
				.sum();
			if (length > LONGEST_BATCH) {
				throw refusal("BatchRequestTooLong", "The batch is too long");
			}
			List<PublishBatchResultEntry> successful = new ArrayList<>();
			for (PublishBatchRequestEntry entry : request.publishBatchRequestEntries()) {
				this.published.add(entry.messageAttributes().get("eventId").stringValue());
				successful.add(PublishBatchResultEntry.builder()
					.id(entry.id())
					.messageId(UUID.randomUUID().toString())
					.build());
			}
			return PublishBatchResponse.builder().successful(successful).build();
		}

		private static SnsException refusal(String code, String message) {
			return (SnsException) SnsException.builder()
				.statusCode(400)
				.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
				.build();
		}

		@Override
		public String serviceName() {
			return SERVICE_NAME;
		}

		@Override
		public void close() {
		}

	}

}
