package io.bookingdemo.booking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.testsupport.LocalInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;

/**
 * Runs the whole booking API on a random port against real PostgreSQL and a real SNS/SQS
 * emulator. SNS is reached through {@link #SNS_PROXY} so that a test can cut it off.
 * Every subclass shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTestSupport {

	protected static final LocalInfrastructure INFRASTRUCTURE = LocalInfrastructure.shared();

	protected static final ToggleableProxy SNS_PROXY = new ToggleableProxy(INFRASTRUCTURE.emulator().endpoint());

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	protected JdbcClient jdbc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		INFRASTRUCTURE.springProperties("booking").forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.cloud.aws.sns.endpoint", () -> SNS_PROXY.endpoint().toString());
		// A poison message reaches its dead-letter queue after five receives a second
		// apart instead of the production backoff's 15 s.
		registry.add("booking.payment-events.retry.multiplier", () -> "1.0");
		registry.add("booking.metrics.refresh", () -> "200ms");
		registry.add("booking.payment-events.metrics.queue-depth-refresh", () -> "200ms");
	}

	protected HttpResponse<String> post(String path, String contentType, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	protected HttpResponse<String> postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	protected HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	protected HttpResponse<String> send(HttpRequest request) {
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

	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Receives from a queue, deleting what it receives, until the messages collected
	 * satisfy the condition.
	 * @param queue the queue name
	 * @param until the condition on all messages received so far
	 * @return the messages received
	 */
	protected List<Message> receiveUntil(String queue, Predicate<List<Message>> until) {
		List<Message> received = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			received.addAll(INFRASTRUCTURE.queues().receiveAndDelete(queue));
			return until.test(received);
		});
		return received;
	}

	/**
	 * Waits until the booking has the status.
	 * @param id the booking's id
	 * @param status the awaited status
	 * @return the booking as the API shows it then
	 */
	protected JsonNode awaitStatus(String id, String status) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> JSON.readTree(get("/bookings/" + id).body()),
					(booking) -> booking.get("status").asString().equals(status));
	}

	protected long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

}
