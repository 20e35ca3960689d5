package io.bookingdemo.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Arranging a booking's trace, as Zipkin's API returns it, into an indented tree.
 */
class TraceTreeTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void placesEachSpanUnderItsParentWithItsStartAfterTheFirstSpan() throws IOException {
		TraceTree tree = TraceTree.of(aRecordedBookingTrace());

		assertThat(tree.traceId()).isEqualTo("6932a1f0c4e1b7d25e0f3a9b8c7d6e5f");
		assertThat(tree.lines())
			.extracting(TraceTree.Line::depth, TraceTree.Line::service, TraceTree.Line::name, TraceTree.Line::startMs,
					TraceTree.Line::durationMs)
			.containsExactly(tuple(0, "booking-api", "http post /bookings", 0.0, 41.25),
					tuple(1, "booking-api", "booking insert", 3.1, 12.8),
					tuple(1, "booking-api", "outbox publish booking-events", 58.4, 9.6),
					tuple(2, "payment-service", "payment-service-events receive", 81.0, 23.0),
					tuple(3, "payment-service", "outbox publish payment-events", 121.5, 7.4),
					tuple(4, "notification-service", "notification-service-events receive", 138.2, 4.1),
					tuple(4, "ledger-service", "ledger-service-events receive", 140.0, 15.25));
		assertThat(tree.services()).containsExactly("booking-api", "payment-service", "notification-service",
				"ledger-service");
		assertThat(tree.durationMs()).isEqualTo(155.25);
	}

	@Test
	void rendersTheTreeIndentedWithAlignedColumns() throws IOException {
		String text = TraceTree.of(aRecordedBookingTrace()).render();

		assertThat(text.lines()).hasSize(9);
		assertThat(text.lines().findFirst())
			.hasValue("trace 6932a1f0c4e1b7d25e0f3a9b8c7d6e5f: 7 spans from 4 services in 155.3 ms");
		assertThat(text).contains("\n  booking-api  booking insert ")
			.contains("\n        notification-service  notification-service-events receive ");
		assertThat(text.lines().skip(1).map(String::length).distinct()).hasSize(1);
		assertThat(text.lines().filter((line) -> line.contains("ledger-service-events receive")).findFirst())
			.hasValueSatisfying((line) -> assertThat(line).endsWith("     140.0         15.3"));
	}

	@Test
	void namesAStatementsSpanWithWhatItDidToWhichTable() {
		assertThat(TraceTree.name("query", "insert into payments (id, booking_id) values (?, ?)"))
			.isEqualTo("query: insert into payments");
		assertThat(TraceTree.name("query", "UPDATE bookings set status = ? where id in (select id from holds)"))
			.isEqualTo("query: update bookings");
		assertThat(TraceTree.name("query", "delete   from\n processed_events where event_id = ?"))
			.isEqualTo("query: delete from processed_events");
		assertThat(TraceTree.name("query", "select p1_0.id, p1_0.amount from payments p1_0 where p1_0.booking_id=?"))
			.isEqualTo("query: select from payments");
		assertThat(TraceTree.name("query", "select nextval('seq')")).isEqualTo("query");
		assertThat(TraceTree.name("process bookingcreated", "")).isEqualTo("process bookingcreated");
	}

	@Test
	void treatsASpanWhoseParentZipkinNeverReceivedAsARoot() throws IOException {
		JsonNode spans = this.json.readTree("""
				[{"traceId": "abc", "id": "2", "parentId": "1", "name": "receive", "timestamp": 2000, "duration": 500,
				  "localEndpoint": {"serviceName": "ledger-service"}},
				 {"traceId": "abc", "id": "3", "parentId": "2", "name": "insert", "timestamp": 2100, "duration": 100,
				  "localEndpoint": {"serviceName": "ledger-service"}}]
				""");

		assertThat(TraceTree.of(spans).lines()).extracting(TraceTree.Line::depth, TraceTree.Line::name)
			.containsExactly(tuple(0, "receive"), tuple(1, "insert"));
	}

	@Test
	void searchesZipkinByTheBookingIdTagAndLinksToTheTraceInItsUi() {
		UUID booking = UUID.fromString("0b9e6c2a-58a4-4f0e-9d57-3c1f2e8a7b61");

		assertThat(TraceCommand.query(URI.create("http://127.0.0.1:9411/"), booking, Duration.ofHours(1)))
			.hasToString("http://127.0.0.1:9411/api/v2/traces?annotationQuery=booking.id%3D"
					+ "0b9e6c2a-58a4-4f0e-9d57-3c1f2e8a7b61&lookback=3600000&limit=10");
		assertThat(TraceCommand.uiAddress(URI.create("http://127.0.0.1:9411"), "6932a1f0c4e1b7d2"))
			.hasToString("http://127.0.0.1:9411/zipkin/traces/6932a1f0c4e1b7d2");
	}

	private JsonNode aRecordedBookingTrace() throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/zipkin/booking-trace.json")) {
			return this.json.readTree(in);
		}
	}

}
