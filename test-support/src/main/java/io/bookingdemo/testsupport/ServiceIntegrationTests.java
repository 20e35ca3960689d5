package io.bookingdemo.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The base of a service's integration tests: the whole service on a random port against
 * the JVM's {@link LocalInfrastructure}, with its HTTP API, its Prometheus metrics, its
 * database and the queues around it at hand.
 * <p>
 * A subclass names the service's database, and adds the properties its tests need, in a
 * {@code @DynamicPropertySource} method that calls
 * {@link #useLocalInfrastructure(DynamicPropertyRegistry, String)}. Test classes that
 * inherit that method from one abstract class share one application context, and so one
 * set of queue listeners.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceIntegrationTests {

	/** The emulator and PostgreSQL server the service runs against. */
	protected static final LocalInfrastructure INFRASTRUCTURE = LocalInfrastructure.shared();

	/** Reads and writes the JSON of requests, responses and events. */
	protected static final JsonMapper JSON = JsonMapper.builder().build();

	/** How long a test waits for the service to process what it was sent. */
	private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long a test waits for messages to arrive: a poison message reaches its
	 * dead-letter queue only after five receives and their backoff.
	 */
	private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(60);

	@LocalServerPort
	private int port;

	/** The service's own database. */
	@Autowired
	protected JdbcClient jdbc;

	/**
	 * Points the service at a database and user of its own, created on first use, and at
	 * the emulator.
	 * @param registry the registry given to the subclass's {@code @DynamicPropertySource}
	 * method
	 * @param database the service's database and user name
	 */
	protected static void useLocalInfrastructure(DynamicPropertyRegistry registry, String database) {
		INFRASTRUCTURE.springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
		TestTokens.register(registry);
	}

	/**
	 * The token that {@link #send(HttpRequest)} adds to a request that carries none: an
	 * operator's, unless a subclass calls the service as someone else.
	 * @return the token
	 */
	protected String token() {
		return TestTokens.operator();
	}

	/**
	 * The URI of a path on the running service.
	 * @param path the path, with its query if any
	 * @return the URI
	 */
	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * Sends a request with the {@linkplain #token() caller's token}, unless it has an
	 * {@code Authorization} header of its own, and reads the response body as text.
	 * @param request the request
	 * @return the response
	 */
	protected HttpResponse<String> send(HttpRequest request) {
		if (request.headers().firstValue("Authorization").isPresent()) {
			return Http.send(request);
		}
		return Http.send(HttpRequest.newBuilder(request, (name, value) -> true)
			.header("Authorization", TestTokens.bearer(token()))
			.build());
	}

	/**
	 * Sends a {@code GET}.
	 * @param path the path
	 * @return the response
	 */
	protected HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	/**
	 * Sends a {@code GET}, asserts that it succeeded and reads the JSON body.
	 * @param path the path
	 * @return the body
	 */
	protected JsonNode getJson(String path) {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/**
	 * Sends a {@code POST}.
	 * @param path the path
	 * @param contentType the {@code Content-Type}, or {@code null} to send none
	 * @param body the body
	 * @return the response
	 */
	protected HttpResponse<String> post(String path, String contentType, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	/**
	 * Sends a {@code POST} of JSON.
	 * @param path the path
	 * @param json the body
	 * @return the response
	 */
	protected HttpResponse<String> postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The service's Prometheus exposition, read as an operator whoever the test's caller
	 * is.
	 * @return the body of {@code /actuator/prometheus}
	 */
	protected String prometheus() {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
			.header("Authorization", TestTokens.bearer(TestTokens.operator()))
			.GET()
			.build());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/**
	 * Sums the samples of one of the service's metrics whose labels include all the given
	 * ones.
	 * @param name the metric's Prometheus name, for example
	 * {@code events_processed_total}
	 * @param labels labels as they appear in the exposition, for example
	 * {@code queue="ledger-service-events"}
	 * @return the sum, zero if no sample matches
	 * @see PrometheusScrape#sum(String, String, String...)
	 */
	protected double metric(String name, String... labels) {
		return PrometheusScrape.sum(prometheus(), name, labels);
	}

	/**
	 * Counts the rows of a table of the service's database.
	 * @param table the table
	 * @return the number of rows
	 */
	protected long count(String table) {
		return this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	/**
	 * Sends an event to a queue as SNS raw delivery would, with its {@code eventType} and
	 * {@code eventId} as message attributes.
	 * @param queue the queue name
	 * @param event the event
	 */
	protected static void deliver(String queue, JsonNode event) {
		deliver(queue, event.toString());
	}

	/**
	 * Sends a message body to a queue as SNS raw delivery would, with the
	 * {@code eventType} and {@code eventId} of the event it holds as message attributes.
	 * A body that is no JSON object, a poison message, goes out with the attributes of a
	 * fresh {@code BookingCreated}, as a corrupted copy of that event would arrive.
	 * @param queue the queue name
	 * @param body the message body
	 */
	protected static void deliver(String queue, String body) {
		String eventType = "BookingCreated";
		String eventId = "";
		if (body.startsWith("{")) {
			JsonNode event = JSON.readTree(body);
			eventType = event.path("eventType").asString();
			eventId = event.path("eventId").asString();
		}
		INFRASTRUCTURE.queues()
			.send(queue, body, eventType, eventId.isEmpty() ? UUID.randomUUID().toString() : eventId);
	}

	/**
	 * Receives from a queue, deleting what it receives, until the messages collected
	 * satisfy the condition.
	 * @param queue the queue name
	 * @param until the condition on all messages received so far
	 * @return the messages received
	 */
	protected static List<Message> receiveUntil(String queue, Predicate<List<Message>> until) {
		List<Message> received = new ArrayList<>();
		await().atMost(RECEIVE_TIMEOUT).until(() -> {
			received.addAll(INFRASTRUCTURE.queues().receiveAndDelete(queue));
			return until.test(received);
		});
		return received;
	}

	/**
	 * Waits until the service has consumed every message of a queue.
	 * @param queue the queue name
	 */
	protected static void awaitDrained(String queue) {
		await().atMost(PROCESSING_TIMEOUT).until(() -> INFRASTRUCTURE.queues().isDrained(queue));
	}

	/**
	 * Receives and deletes the messages of a queue that no service consumes, such as a
	 * dead-letter queue, until none is left.
	 * @param queue the queue name
	 */
	protected static void emptyQueue(String queue) {
		await().atMost(PROCESSING_TIMEOUT).until(() -> {
			INFRASTRUCTURE.queues().receiveAndDelete(queue);
			return INFRASTRUCTURE.queues().isDrained(queue);
		});
	}

}
