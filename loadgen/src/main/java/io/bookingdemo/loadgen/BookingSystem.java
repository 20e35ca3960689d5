package io.bookingdemo.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.testsupport.JwtSigner;

/**
 * Talks to the booking system over HTTP: books, and reads back what each service did with
 * a booking.
 */
final class BookingSystem {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

	private final HttpClient http;

	private final Targets targets;

	private final JsonMapper json = JsonMapper.builder().build();

	private final JwtSigner tokens;

	// Reads every service's view of any booking, and the metrics.
	private final String operator;

	BookingSystem(Targets targets) {
		this.targets = targets;
		this.tokens = JwtSigner.fromPem(targets.signingKey, targets.issuer);
		this.operator = "Bearer " + this.tokens.operator("loadgen", TOKEN_LIFETIME);
		// HTTP/1.1 without an upgrade attempt: one connection per request in flight, like
		// most clients of a booking API.
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
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
	 * Books a stay as the customer of the booking's index; the resource is unique to the
	 * run and index, so no booking overlaps another.
	 * @param customers the run's customers
	 * @param index the booking's index in the run
	 * @param accepted told of the booking if it was accepted
	 * @return the HTTP status
	 */
	CompletableFuture<Integer> book(Customers customers, long index, java.util.function.Consumer<Accepted> accepted) {
		LocalDate start = LocalDate.now().plusDays(30);
		String run = customers.run();
		String body = this.json.writeValueAsString(
				Map.of("customerId", customers.id(index), "customerEmail", run + "-" + index + "@example.com",
						"resourceId", "room-" + run + "-" + index, "startDate", start.toString(), "endDate",
						start.plusDays(3).toString(), "amount", (100 + index % 900) + ".50", "currency", "EUR"));
		HttpRequest request = HttpRequest.newBuilder(this.targets.api.resolve("/bookings"))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + customers.token(index))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			if (response.statusCode() == 201) {
				JsonNode booking = this.json.readTree(response.body());
				accepted.accept(new Accepted(index, UUID.fromString(booking.get("id").asString()),
						Instant.parse(booking.get("createdAt").asString())));
			}
			return response.statusCode();
		});
	}

	/**
	 * Whether a service answers its readiness probe.
	 * @param stage the service's stage
	 * @return true if it is ready
	 */
	boolean ready(Stage stage) {
		try {
			HttpRequest request = HttpRequest.newBuilder(this.targets.of(stage).resolve("/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(3))
				.build();
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
		HttpRequest request = HttpRequest.newBuilder(this.targets.of(stage).resolve(path))
			.timeout(TIMEOUT)
			.header("Authorization", this.operator)
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			if (response.statusCode() != 200) {
				throw new IllegalStateException(stage.service() + " answered " + response.statusCode() + " to " + path);
			}
			return parse(stage, this.json.readTree(response.body()));
		});
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
		HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
			.timeout(Duration.ofSeconds(3))
			.header("Authorization", this.operator)
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
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
