package io.bookingdemo.support.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.MessagingMode;
import io.bookingdemo.support.MessagingProperties;
import io.bookingdemo.support.testapp.TestDatabases;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetShipped;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A relay whose SNS endpoint accepts connections and never answers, on a database of its
 * own so that the test application's relay cannot publish the rows first.
 */
class OutboxRelayTimeoutIntegrationTests {

	private static final MessagingProperties.Outbox SETTINGS = new MessagingProperties.Outbox(Duration.ofMillis(200),
			10, Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofHours(1), 5);

	private static final String TOPIC_ARN = "arn:aws:sns:us-east-1:000000000000:" + TestTopology.TOPIC;

	private final DataSource dataSource = TestDatabases.migrated("support_relay_timeout");

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.dataSource));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final OutboxMetrics metrics = new OutboxMetrics(this.jdbc, this.registry, Clock.systemUTC(),
			Duration.ofSeconds(5), MessagingMode.STANDARD);

	private final HungEndpoint sns = new HungEndpoint();

	@BeforeEach
	void emptyOutbox() {
		this.jdbc.sql("delete from outbox_events").update();
	}

	@AfterEach
	void closeEndpoint() {
		this.sns.close();
	}

	@Test
	void givesUpPublishingToAHungEndpointWithinThePublishTimeoutAndLeavesTheRowsClaimable() {
		List<WidgetShipped> events = appendThree();

		// By its ARN, as a relay that resolved the topic before the endpoint hung.
		int published = relayBatch(TOPIC_ARN);

		assertThat(published).isEqualTo(-1);
		assertThat(this.sns.connections()).as("connections the relay opened").isPositive();
		assertThat(attempts()).hasSize(events.size()).allSatisfy((attempt) -> {
			assertThat(attempt.pending()).as("still pending").isTrue();
			assertThat(attempt.attempts()).as("attempts").isOne();
			assertThat(attempt.lastError()).as("last error").contains("did not complete before");
		});
		assertThat(claimable()).as("rows another relay can claim")
			.containsExactlyElementsOf(events.stream().map(WidgetShipped::eventId).toList());
		this.metrics.refresh();
		assertThat(this.registry.get("outbox.backlog").gauge().value()).isEqualTo(events.size());
		assertThat(this.registry.get("outbox.oldest.unpublished").timeGauge().value()).isPositive();
	}

	@Test
	void givesUpResolvingTheTopicOnAHungEndpointWithinThePublishTimeoutWithoutClaimingRows() {
		List<WidgetShipped> events = appendThree();

		int published = relayBatch(TestTopology.TOPIC);

		assertThat(published).isEqualTo(-1);
		assertThat(this.sns.connections()).as("connections the relay opened").isPositive();
		assertThat(attempts()).hasSize(events.size())
			.allSatisfy((attempt) -> assertThat(attempt).isEqualTo(new Attempt(true, 0, null)));
		assertThat(claimable()).as("rows another relay can claim")
			.containsExactlyElementsOf(events.stream().map(WidgetShipped::eventId).toList());
	}

	private List<WidgetShipped> appendThree() {
		List<WidgetShipped> events = IntStream.range(0, 3)
			.mapToObj((i) -> WidgetShipped.aWidgetShipped("2.5"))
			.toList();
		Outbox outbox = new Outbox(this.jdbc, JsonMapper.builder().build());
		this.transaction.executeWithoutResult((status) -> events.forEach(outbox::append));
		return events;
	}

	private int relayBatch(String topic) {
		try (SnsClient client = this.sns.client()) {
			OutboxRelay relay = new OutboxRelay(this.jdbc, this.transaction, client, topic, MessagingMode.STANDARD,
					SETTINGS, Clock.systemUTC(), this.metrics);
			return assertTimeoutPreemptively(Duration.ofSeconds(10), relay::relayBatch,
					"the relay is still waiting for the hung endpoint");
		}
	}

	private List<Attempt> attempts() {
		return this.jdbc.sql("select published_at is null as pending, attempts, last_error from outbox_events")
			.query((rs, row) -> new Attempt(rs.getBoolean("pending"), rs.getInt("attempts"),
					rs.getString("last_error")))
			.list();
	}

	// In a transaction of its own, as another relay instance would claim them.
	private List<UUID> claimable() {
		return this.transaction.execute((status) -> this.jdbc
			.sql("select event_id from outbox_events where published_at is null order by id for update skip locked")
			.query(UUID.class)
			.list());
	}

	private record Attempt(boolean pending, int attempts, String lastError) {
	}

	/**
	 * A loopback port that accepts every connection and never answers.
	 */
	private static final class HungEndpoint implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		HungEndpoint() {
			try {
				this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(this::accept, "hung-sns");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					this.accepted.add(this.server.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		SnsClient client() {
			return SnsClient.builder()
				.endpointOverride(URI.create("http://127.0.0.1:" + this.server.getLocalPort()))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.build();
		}

		int connections() {
			return this.accepted.size();
		}

		@Override
		public void close() {
			try {
				this.server.close();
				for (Socket socket : this.accepted) {
					socket.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
