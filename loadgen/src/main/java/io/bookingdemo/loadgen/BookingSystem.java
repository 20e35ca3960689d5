package io.bookingdemo.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.local.JwtSigner;

/**
 * Talks to the booking system over HTTP: books, and reads back what each service did with
 * a booking.
 * <p>
 * Requests run on a fixed number of sender threads, each blocking on one kept-alive
 * connection (HTTP/1.1, no Nagle delay); a request due while every sender is busy waits
 * for one, and an open loop charges that wait to its latency. The JDK's asynchronous
 * client cost about ten times the CPU per request and hands each request between several
 * threads, which on two shared cores made the generator the bottleneck of what it
 * measured.
 */
final class BookingSystem implements AutoCloseable {

	/** Sender threads and connections per service when the caller does not say. */
	static final int DEFAULT_CONNECTIONS = 64;

	private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

	private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

	private final CloseableHttpClient http;

	private final ExecutorService senders;

	private final Targets targets;

	private final JsonMapper json = JsonMapper.builder().build();

	private final JwtSigner tokens;

	// Reads every service's view of any booking, and the metrics.
	private final String operator;

	BookingSystem(Targets targets) {
		this(targets, DEFAULT_CONNECTIONS);
	}

	/**
	 * Creates a client of the booking system.
	 * @param targets where the services answer
	 * @param connections requests in flight at most, per service and in all
	 */
	BookingSystem(Targets targets, int connections) {
		this.targets = targets;
		this.tokens = JwtSigner.fromPem(targets.signingKey, targets.issuer);
		this.operator = "Bearer " + this.tokens.operator("loadgen", TOKEN_LIFETIME);
		this.http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(connections)
				.setMaxConnPerRoute(connections)
				.setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(TIMEOUT).build())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(5))
					.setSocketTimeout(TIMEOUT)
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(TIMEOUT).build())
			// A POST retried behind the generator's back would be a second booking.
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableContentCompression()
			.build();
		this.senders = Executors.newFixedThreadPool(connections, (task) -> {
			Thread thread = new Thread(task, "sender");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Mints the tokens of a run's customers before the run, so that signing, which costs
	 * far more than sending, never delays a request of the timed loop.
	 * @param run the run's name
	 * @param bookings how many bookings the run makes, at most
	 * @return the run's customers
	 */
	Customers customers(String run, long bookings) {
		return new Customers(this.tokens, run, bookings);
	}

	/**
	 * Books a stay on a sender thread as the customer of the booking's index; the
	 * resource is unique to the run and index, so no booking overlaps another.
	 * @param customers the run's customers
	 * @param index the booking's index in the run
	 * @param accepted told of the booking if it was accepted
	 * @return the HTTP status, or a failure
	 */
	CompletableFuture<Integer> book(Customers customers, long index, Consumer<Accepted> accepted) {
		return CompletableFuture.supplyAsync(() -> bookNow(customers, index, accepted), this.senders);
	}

	/**
	 * Books a stay on the calling thread, as {@link #book} does.
	 * @param customers the run's customers
	 * @param index the booking's index in the run
	 * @param accepted told of the booking if it was accepted
	 * @return the HTTP status
	 * @throws UncheckedIOException if the request failed without an answer
	 */
	int bookNow(Customers customers, long index, Consumer<Accepted> accepted) {
		LocalDate start = LocalDate.now().plusDays(30);
		String run = customers.run();
		String body = this.json.writeValueAsString(
				Map.of("customerId", customers.id(index), "customerEmail", run + "-" + index + "@example.com",
						"resourceId", "room-" + run + "-" + index, "startDate", start.toString(), "endDate",
						start.plusDays(3).toString(), "amount", (100 + index % 900) + ".50", "currency", "EUR"));
		HttpPost request = new HttpPost(this.targets.api.resolve("/bookings"));
		request.setHeader("Authorization", "Bearer " + customers.token(index));
		request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
		Answer answer = execute(request);
		if (answer.status() == 201) {
			JsonNode booking = this.json.readTree(answer.body());
			accepted.accept(new Accepted(index, UUID.fromString(booking.get("id").asString()),
					Instant.parse(booking.get("createdAt").asString())));
		}
		return answer.status();
	}

	/**
	 * Reads a path on the calling thread.
	 * @param base the service's address
	 * @param path the path
	 * @return the status and body
	 * @throws UncheckedIOException if the request failed without an answer
	 */
	Answer get(URI base, String path) {
		HttpGet request = new HttpGet(base.resolve(path));
		request.setHeader("Authorization", this.operator);
		return execute(request);
	}

	/**
	 * Whether a service answers its readiness probe.
	 * @param stage the service's stage
	 * @return true if it is ready
	 */
	boolean ready(Stage stage) {
		try {
			return get(this.targets.of(stage), "/actuator/health/readiness").status() == 200;
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	/**
	 * What one service did with one booking, read from its own resource: each effect with
	 * the service's own timestamp and the event it came from.
	 * @param stage the service's stage
	 * @param booking the booking's id
	 * @return the effects, empty if none yet
	 */
	CompletableFuture<List<Effect>> effects(Stage stage, UUID booking) {
		String path = switch (stage) {
			case CONFIRMATION -> "/bookings/" + booking;
			case PAYMENT -> "/payments?bookingId=" + booking;
			case LEDGER -> "/ledger/entries?bookingId=" + booking;
			case NOTIFICATION -> "/notifications?bookingId=" + booking;
		};
		return CompletableFuture.supplyAsync(() -> {
			Answer answer = get(this.targets.of(stage), path);
			if (answer.status() != 200) {
				throw new IllegalStateException(stage.service() + " answered " + answer.status() + " to " + path);
			}
			return parse(stage, this.json.readTree(answer.body()));
		}, this.senders);
	}

	private static List<Effect> parse(Stage stage, JsonNode body) {
		List<Effect> effects = new ArrayList<>();
		if (stage == Stage.CONFIRMATION) {
			JsonNode decidedAt = body.path("decidedAt");
			if ("CONFIRMED".equals(body.path("status").asString("")) && decidedAt.isString()) {
				effects.add(new Effect(body.path("paymentId").asString(""), Instant.parse(decidedAt.asString())));
			}
			return effects;
		}
		for (JsonNode item : body) {
			effects.add(new Effect(item.path("eventId").asString(""), Instant.parse(item.get("createdAt").asString())));
		}
		return effects;
	}

	/**
	 * The text a service shows at a path, for its metrics.
	 * @param base the service's address
	 * @param path the path
	 * @return the body, or a failure
	 */
	CompletableFuture<String> text(URI base, String path) {
		return CompletableFuture.supplyAsync(() -> get(base, path).body(), this.senders);
	}

	private Answer execute(HttpUriRequestBase request) {
		try {
			return this.http.execute(request, (response) -> new Answer(response.getCode(),
					(response.getEntity() != null) ? EntityUtils.toString(response.getEntity()) : ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.senders.shutdownNow();
		try {
			this.senders.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.http.close();
	}

	/**
	 * A service's answer.
	 *
	 * @param status the HTTP status
	 * @param body the body, empty if it had none
	 */
	record Answer(int status, String body) {
	}

	/**
	 * A booking the API accepted.
	 *
	 * @param index its index in the run
	 * @param id its id
	 * @param createdAt when booking-api accepted it, by its own clock
	 */
	record Accepted(long index, UUID id, Instant createdAt) {
	}

	/**
	 * A run's customers, {@code cust-RUN-N}, with their tokens: one per booking, up to
	 * {@value #MOST}; a longer run books as them again in turn.
	 */
	static final class Customers {

		static final int MOST = 2000;

		private final String run;

		private final String[] ids;

		private final String[] tokens;

		Customers(JwtSigner signer, String run, long bookings) {
			int size = (int) Math.max(1, Math.min(bookings, MOST));
			this.run = run;
			this.ids = new String[size];
			this.tokens = new String[size];
			java.util.stream.IntStream.range(0, size).parallel().forEach((i) -> {
				this.ids[i] = "cust-" + run + "-" + i;
				this.tokens[i] = signer.customer(this.ids[i], TOKEN_LIFETIME);
			});
		}

		String run() {
			return this.run;
		}

		String id(long index) {
			return this.ids[(int) (index % this.ids.length)];
		}

		String token(long index) {
			return this.tokens[(int) (index % this.tokens.length)];
		}

	}

	/**
	 * One effect of a booking at one service.
	 *
	 * @param event the event (or payment) that caused it
	 * @param at when the service recorded it
	 */
	record Effect(String event, Instant at) {
	}

}
