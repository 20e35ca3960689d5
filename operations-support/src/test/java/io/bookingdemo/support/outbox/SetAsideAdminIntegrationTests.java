package io.bookingdemo.support.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.WidgetShipped;
import io.bookingdemo.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The operator's endpoints for set-aside outbox rows, in the test application whose relay
 * runs: a listing with the reason, a retry that the relay publishes, a discard, the audit
 * of both, and the operator's credentials in front of them.
 */
class SetAsideAdminIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void listsASetAsideRowWithItsReasonAndRetriesItForTheRelayToPublish() throws Exception {
		WidgetShipped event = WidgetShipped.aWidgetShipped("2.5");
		insertSetAside(event, Instant.now().minus(Duration.ofMinutes(10)));

		JsonNode listed = json(this.mvc.perform(asOperator(get("/admin/outbox/set-aside"))).andReturn());
		JsonNode row = find(listed.path("rows"), event.eventId());
		assertThat(row).as("listed").isNotNull();
		assertThat(row.path("reason").asString()).isEqualTo("InvalidParameter: Message too long");
		assertThat(row.path("refusals").asInt()).isEqualTo(5);
		assertThat(row.path("attempts").asInt()).isEqualTo(5);
		assertThat(row.path("eventType").asString()).isEqualTo(WidgetShipped.TYPE);
		assertThat(row.path("messageGroup").asString()).isEqualTo(event.widgetId().toString());
		assertThat(row.path("ageSeconds").asLong()).isGreaterThanOrEqualTo(600);
		assertThat(listed.path("heldGroups").isEmpty()).as("standard mode holds no group").isTrue();

		JsonNode retried = json(this.mvc
			.perform(asOperator(post("/admin/outbox/set-aside/retry")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"eventIds\":[\"" + event.eventId() + "\"]}"))
			.andReturn());

		assertThat(retried.path("done").toString()).isEqualTo("[\"" + event.eventId() + "\"]");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.sql("select count(*) from outbox_events where event_id = ? and published_at is not null "
						+ "and refusals = 0 and set_aside_at is null")
				.param(event.eventId())
				.query(Long.class)
				.single() == 1);
		JsonNode audit = latestAudit();
		assertThat(audit.path("action").asString()).isEqualTo("RETRY");
		assertThat(audit.path("actor").asString()).isEqualTo(TestTokens.OPERATOR);
		assertThat(audit.path("eventIds").asString()).isEqualTo(event.eventId().toString());
		assertThat(audit.path("affected").asInt()).isEqualTo(1);
	}

	@Test
	void discardsEverySetAsideRowWhenAskedExplicitly() throws Exception {
		WidgetShipped event = WidgetShipped.aWidgetShipped("3.5");
		insertSetAside(event, Instant.now());

		JsonNode discarded = json(this.mvc
			.perform(asOperator(post("/admin/outbox/set-aside/discard")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"all\":true}"))
			.andReturn());

		assertThat(discarded.path("done").toString()).contains(event.eventId().toString());
		assertThat(this.jdbc.sql("select count(*) from outbox_events where event_id = ?")
			.param(event.eventId())
			.query(Long.class)
			.single()).isZero();
		JsonNode audit = latestAudit();
		assertThat(audit.path("action").asString()).isEqualTo("DISCARD");
		assertThat(audit.path("eventIds").asString()).startsWith("all: ").contains(event.eventId().toString());
	}

	@Test
	void refusesASelectionThatNamesNeitherEventsNorAllAndChangesNothing() throws Exception {
		WidgetShipped event = WidgetShipped.aWidgetShipped("4.5");
		insertSetAside(event, Instant.now());

		MvcResult refused = this.mvc
			.perform(asOperator(post("/admin/outbox/set-aside/discard")).contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andReturn();

		assertThat(refused.getResponse().getStatus()).isEqualTo(400);
		assertThat(refused.getResponse().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(this.jdbc.sql("select count(*) from outbox_events where event_id = ? and set_aside_at is not null")
			.param(event.eventId())
			.query(Long.class)
			.single()).isEqualTo(1);
		this.jdbc.sql("delete from outbox_events where event_id = ?").param(event.eventId()).update();
	}

	@Test
	void onlyOperatorsReachTheSetAsideRows() throws Exception {
		assertThat(this.mvc
			.perform(get("/admin/outbox/set-aside").header(HttpHeaders.AUTHORIZATION,
					TestTokens.bearer(TestTokens.customer("cust-1"))))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(403);
		assertThat(this.mvc
			.perform(post("/admin/outbox/set-aside/retry").contentType(MediaType.APPLICATION_JSON)
				.content("{\"all\":true}"))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(401);
	}

	// As the relay leaves a row after its last refusal; set aside from the start, so that
	// the running relay never claims it first.
	private void insertSetAside(WidgetShipped event, Instant createdAt) {
		this.jdbc.sql("""
				insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
				    created_at, attempts, refusals, last_error, set_aside_at)
				values (:eventId, :eventType, 1, :aggregateId, :group, :payload, :createdAt, 5, 5,
				    'InvalidParameter: Message too long', :setAsideAt)""")
			.param("eventId", event.eventId())
			.param("eventType", event.eventType())
			.param("aggregateId", event.widgetId())
			.param("group", event.messageGroup())
			.param("payload", JSON.writeValueAsString(event))
			.param("createdAt", Timestamp.from(createdAt))
			.param("setAsideAt", Timestamp.from(Instant.now()))
			.update();
	}

	private JsonNode latestAudit() throws Exception {
		return json(this.mvc.perform(asOperator(get("/admin/outbox/audit?limit=1"))).andReturn()).path(0);
	}

	private static JsonNode find(JsonNode rows, UUID eventId) {
		for (JsonNode row : rows) {
			if (row.path("eventId").asString().equals(eventId.toString())) {
				return row;
			}
		}
		return null;
	}

	private static MockHttpServletRequestBuilder asOperator(MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.operator()));
	}

	private static JsonNode json(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		return JSON.readTree(result.getResponse().getContentAsString());
	}

}
