package io.bookingdemo.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bookingdemo.loadgen.BookingSystem.Accepted;

import io.bookingdemo.local.JwtSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following bookings to their consumers over HTTP: one HTTP server plays the four
 * services' read endpoints, with one booking complete, one posted twice in the ledger and
 * one whose confirmation e-mail never came.
 */
class EndToEndTests {

	private static final Instant ACCEPTED = Instant.parse("2026-12-01T10:00:00Z");

	private final UUID complete = UUID.randomUUID();

	private final UUID postedTwice = UUID.randomUUID();

	private final UUID oneEmail = UUID.randomUUID();

	private final UUID unknown = UUID.randomUUID();

	private HttpServer server;

	private BookingSystem system;

	@BeforeEach
	void startServices() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::answer);
		this.server.start();
		Targets targets = new Targets();
		URI address = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		targets.api = address;
		targets.payments = address;
		targets.ledger = address;
		targets.notifications = address;
		targets.signingKey = Files.createTempFile("loadgen-test-key", ".pem");
		targets.signingKey.toFile().deleteOnExit();
		JwtSigner.writePem(JwtSigner.newKeyPair(), targets.signingKey,
				Files.createTempFile("loadgen-test-key", ".pub"));
		targets.issuer = "https://tokens.loadgen.test";
		this.system = new BookingSystem(targets);
	}

	@AfterEach
	void stopServices() {
		this.server.stop(0);
	}

	@Test
	void countsEachConsumersEffectsAndTimesThemFromTheAcceptance() {
		Map<Stage, Integer> expected = Map.of(Stage.PAYMENT, 1, Stage.LEDGER, 4, Stage.NOTIFICATION, 2,
				Stage.CONFIRMATION, 1);
		List<Accepted> bookings = List.of(new Accepted(0, this.complete, ACCEPTED),
				new Accepted(1, this.postedTwice, ACCEPTED), new Accepted(2, this.oneEmail, ACCEPTED));
		EndToEnd endToEnd = new EndToEnd(this.system, expected);

		Map<Stage, Instant> finished;
		try (Timeline timeline = new Timeline(new ApiStats(), new LongAdder(), Map::of)) {
			finished = endToEnd.await(bookings, Duration.ofSeconds(3), timeline::phase);
		}
		Map<Stage, EndToEnd.Result> results = endToEnd.count(bookings);

		assertThat(finished).containsKeys(Stage.PAYMENT, Stage.LEDGER, Stage.CONFIRMATION)
			.doesNotContainKey(Stage.NOTIFICATION);
		assertThat(results.get(Stage.LEDGER).exactlyOnce).isEqualTo(2);
		assertThat(results.get(Stage.LEDGER).duplicated).isEqualTo(1);
		assertThat(results.get(Stage.NOTIFICATION).exactlyOnce).isEqualTo(2);
		assertThat(results.get(Stage.NOTIFICATION).missing).isEqualTo(1);
		assertThat(results.get(Stage.PAYMENT).exactlyOnce).isEqualTo(3);
		// The ledger's last posting came 700 ms after the acceptance; its two messages
		// are counted once each.
		assertThat(results.get(Stage.LEDGER).endToEnd.getValueAtPercentile(50) / 1000).isBetween(699L, 701L);
		assertThat(results.get(Stage.PAYMENT).handled).hasSize(3);
		assertThat(results.get(Stage.LEDGER).handled).hasSize(6);
	}

	@Test
	void verifiesThatEveryBookingReachedEveryRunningConsumer() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();

		boolean verified = VerifyCommand.verify(this.system, List.of(this.complete, this.oneEmail),
				List.of(Stage.PAYMENT, Stage.LEDGER), Duration.ofSeconds(3),
				new PrintStream(printed, true, StandardCharsets.UTF_8));

		assertThat(verified).isTrue();
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("payment-service        all 2 have reached it")
			.contains("ledger-service         all 2 have reached it")
			.contains("notification-service   not running: its bookings wait in its queue");
	}

	@Test
	void verifyCountsTheBookingsAConsumerMisses() {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();

		boolean verified = VerifyCommand.verify(this.system, List.of(this.complete, this.unknown),
				List.of(Stage.PAYMENT), Duration.ofSeconds(2), new PrintStream(printed, true, StandardCharsets.UTF_8));

		assertThat(verified).isFalse();
		assertThat(printed.toString(StandardCharsets.UTF_8)).contains("payment-service        1 of 2 still missing");
	}

	@Test
	void expectsOnlyWhatTheRunningServicesCanDo() {
		DemoSettings.Effects effects = new DemoSettings.Effects(1, 4, 2, 2, 1);
		assertThat(Stage.LEDGER.expected(EnumSet.allOf(Stage.class), effects)).isEqualTo(4);
		assertThat(Stage.LEDGER.expected(EnumSet.of(Stage.LEDGER, Stage.CONFIRMATION), effects)).isEqualTo(2);
		assertThat(Stage.NOTIFICATION.expected(EnumSet.of(Stage.NOTIFICATION, Stage.CONFIRMATION), effects))
			.isEqualTo(1);
		assertThat(Stage.CONFIRMATION.expected(EnumSet.of(Stage.CONFIRMATION), effects)).isZero();
		assertThat(Stage.PAYMENT.expected(EnumSet.of(Stage.CONFIRMATION), effects)).isZero();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getQuery();
		UUID booking = (query != null) ? UUID.fromString(query.substring(query.indexOf('=') + 1))
				: UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
		String body = switch (path.startsWith("/bookings/") ? "/bookings" : path) {
			case "/bookings" -> "{\"id\":\"%s\",\"status\":\"CONFIRMED\",\"paymentId\":\"p-%s\",\"decidedAt\":\"%s\"}"
				.formatted(booking, booking, at(400));
			case "/payments" -> booking.equals(this.unknown) ? "[]" : "[" + effect("e1", 200) + "]";
			case "/ledger/entries" -> "[" + effect("e1", 300) + "," + effect("e1", 300) + "," + effect("e2", 700) + ","
					+ effect("e2", 700) + (booking.equals(this.postedTwice) ? "," + effect("e2", 700) : "") + "]";
			case "/notifications" ->
				"[" + effect("e1", 500) + (booking.equals(this.oneEmail) ? "" : "," + effect("e3", 900)) + "]";
			default -> null;
		};
		byte[] bytes = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders((body != null) ? 200 : 404, (bytes.length > 0) ? bytes.length : -1);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static String effect(String event, long millis) {
		return "{\"eventId\":\"%s\",\"createdAt\":\"%s\"}".formatted(event, at(millis));
	}

	private static String at(long millis) {
		return ACCEPTED.plusMillis(millis).toString();
	}

}
