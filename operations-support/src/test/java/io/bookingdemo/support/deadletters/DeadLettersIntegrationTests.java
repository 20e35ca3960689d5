package io.bookingdemo.support.deadletters;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import io.bookingdemo.support.testapp.WidgetListener;
import io.bookingdemo.support.testapp.WidgetShipped;
import io.bookingdemo.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The dead-letter administration against the emulator: a failed message's recorded
 * reason, listed beside it in the dead-letter queue; redrive, discard and their audit;
 * and the operator's credentials in front of it all.
 */
class DeadLettersIntegrationTests extends IntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@Autowired
	private WebApplicationContext context;

	@Autowired
	private WidgetListener listener;

	@Autowired
	private MeterRegistry registry;

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void recordsWhyAMessageFailedAndListsItWithItsReasonWithoutRemovingIt() throws Exception {
		UUID eventId = UUID.randomUUID();
		String body = """
				{"eventId":"%s","eventType":"WidgetShipped","eventVersion":1,"occurredAt":"%s","widgetId":"%s"}"""
			.formatted(eventId, Instant.now(), UUID.randomUUID());
		TestTopology.send(TestTopology.QUEUE, body,
				Map.of("eventType", WidgetShipped.TYPE, "eventVersion", "1", "eventId", eventId.toString()));

		JsonNode deadLetter = awaitDeadLetter(body);
		JsonNode failure = deadLetter.path("failure");
		assertThat(failure.path("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(failure.path("eventType").asString()).isEqualTo(WidgetShipped.TYPE);
		assertThat(failure.path("receiveCount").asInt()).isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
		assertThat(failure.path("failures").asInt()).isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
		assertThat(failure.path("exception").asString()).endsWith("UnprocessableMessageException");
		assertThat(failure.path("reason").asString()).contains("weight");
		assertThat(failure.path("firstFailedAt").asString()).isNotEmpty();
		assertThat(deadLetter.path("attributes").path("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(deadLetter.path("sentAt").asString()).isNotEmpty();
		assertThat(findDeadLetter(body)).as("still there after a listing").isNotNull();

		String messageId = deadLetter.path("messageId").asString();
		assertThat(this.mvc.perform(asOperator(delete("/admin/dead-letters/" + messageId)))
			.andReturn()
			.getResponse()
			.getStatus()).isEqualTo(204);
		assertThat(findDeadLetter(body)).as("after the discard").isNull();
		JsonNode audit = latestAudit();
		assertThat(audit.path("action").asString()).isEqualTo("DISCARD");
		assertThat(audit.path("actor").asString()).isEqualTo(TestTokens.OPERATOR);
		assertThat(audit.path("messageIds").asString()).isEqualTo(messageId);
		assertThat(audit.path("fromQueue").asString()).isEqualTo(TestTopology.DEAD_LETTER_QUEUE);
		assertThat(audit.path("outcome").asString()).isEqualTo("discarded");
		assertThat(this.mvc.perform(asOperator(delete("/admin/dead-letters/" + messageId)))
			.andReturn()
			.getResponse()
			.getStatus()).as("a second discard").isEqualTo(404);
	}

	@Test
	void redrivesAMessageWithItsAttributesToItsQueueWhereItIsAppliedOnce() throws Exception {
		WidgetShipped event = WidgetShipped.aWidgetShipped("12.50");
		String body = JSON.writeValueAsString(event);
		TestTopology.send(TestTopology.DEAD_LETTER_QUEUE, body,
				Map.of("eventType", event.eventType(), "eventVersion", "1", "eventId", event.eventId().toString()));
		String messageId = awaitDeadLetter(body).path("messageId").asString();
		double redrivenBefore = redriven();

		JsonNode redrive = json(this.mvc
			.perform(asOperator(post("/admin/dead-letters/redrive")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"messageIds\":[\"" + messageId + "\",\"no-such-message\"]}"))
			.andReturn());

		assertThat(redrive.path("moved").toString()).isEqualTo("[\"" + messageId + "\"]");
		assertThat(redrive.path("notFound").toString()).isEqualTo("[\"no-such-message\"]");
		assertThat(redrive.path("to").asString()).isEqualTo(TestTopology.QUEUE);
		await().atMost(PATIENCE).until(() -> !this.listener.shipmentsOf(event.widgetId()).isEmpty());
		assertThat(this.listener.shipmentsOf(event.widgetId())).hasSize(1);
		assertThat(findDeadLetter(body)).isNull();
		assertThat(redriven() - redrivenBefore).isEqualTo(1);
		JsonNode audit = latestAudit();
		assertThat(audit.path("action").asString()).isEqualTo("REDRIVE");
		assertThat(audit.path("messageIds").asString()).isEqualTo(messageId + ",no-such-message");
		assertThat(audit.path("toQueue").asString()).isEqualTo(TestTopology.QUEUE);
		assertThat(audit.path("moved").asInt()).isEqualTo(1);
	}

	@Test
	void aRedrivenMessageThatFailsAgainReturnsToTheDeadLetterQueue() throws Exception {
		String body = "not an event " + UUID.randomUUID();
		TestTopology.send(TestTopology.QUEUE, body, Map.of());
		String firstId = awaitDeadLetter(body).path("messageId").asString();

		JsonNode redrive = json(this.mvc
			.perform(asOperator(post("/admin/dead-letters/redrive")).contentType(MediaType.APPLICATION_JSON)
				.content("{\"all\":true}"))
			.andReturn());
		assertThat(StreamSupport.stream(redrive.path("moved").spliterator(), false).map(JsonNode::asString))
			.contains(firstId);

		JsonNode again = awaitDeadLetter(body);
		assertThat(again.path("messageId").asString()).as("the copy sent back").isNotEqualTo(firstId);
		assertThat(again.path("failure").path("receiveCount").asInt()).isEqualTo(TestTopology.MAX_RECEIVE_COUNT);
		assertThat(latestAudit().path("messageIds").asString()).startsWith("all: ").contains(firstId);
		this.mvc.perform(asOperator(delete("/admin/dead-letters/" + again.path("messageId").asString())));
	}

	@Test
	void refusesAnonymousAndWrongTokensWith401AndCustomersWith403() throws Exception {
		MvcResult anonymous = this.mvc.perform(get("/admin/dead-letters/audit")).andReturn();
		assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
		assertThat(anonymous.getResponse().getContentType()).isEqualTo("application/problem+json");
		assertThat(anonymous.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(json(anonymous).path("type").asString()).endsWith("/problems/unauthorized");

		MvcResult wrongKey = this.mvc
			.perform(post("/admin/dead-letters/redrive").header(HttpHeaders.AUTHORIZATION,
					TestTokens.bearer(TestTokens.signedByAnotherKey(TestTokens.OPERATOR))))
			.andReturn();
		assertThat(wrongKey.getResponse().getStatus()).isEqualTo(401);

		MvcResult customer = this.mvc
			.perform(delete("/admin/dead-letters/x").header(HttpHeaders.AUTHORIZATION,
					TestTokens.bearer(TestTokens.customer("cust-1"))))
			.andReturn();
		assertThat(customer.getResponse().getStatus()).isEqualTo(403);
		assertThat(customer.getResponse().getContentType()).isEqualTo("application/problem+json");
		assertThat(json(customer).path("type").asString()).endsWith("/problems/forbidden");

		assertThat(this.mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus())
			.as("health stays open")
			.isEqualTo(200);
	}

	@Test
	void refusesARedriveThatNamesNoMessagesRatherThanMovingTheWholeQueue() throws Exception {
		for (String body : new String[] { "", "{}", "{\"all\":false}", "{\"messageIds\":null}", "{\"everything\":true}",
				"{\"all\":true,\"messageIds\":[\"m-1\"]}" }) {
			MvcResult refused = this.mvc
				.perform(asOperator(post("/admin/dead-letters/redrive")).contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andReturn();
			assertThat(refused.getResponse().getStatus()).as(body).isEqualTo(400);
			assertThat(refused.getResponse().getContentType()).as(body).isEqualTo("application/problem+json");
		}
	}

	private JsonNode awaitDeadLetter(String body) {
		return await().atMost(PATIENCE).until(() -> findDeadLetter(body), (found) -> found != null);
	}

	private JsonNode findDeadLetter(String body) throws Exception {
		JsonNode list = json(this.mvc.perform(asOperator(get("/admin/dead-letters"))).andReturn());
		assertThat(list.path("deadLetterQueue").asString()).isEqualTo(TestTopology.DEAD_LETTER_QUEUE);
		return StreamSupport.stream(list.path("messages").spliterator(), false)
			.filter((message) -> body.equals(message.path("body").asString()))
			.findFirst()
			.orElse(null);
	}

	private JsonNode latestAudit() throws Exception {
		return json(this.mvc.perform(asOperator(get("/admin/dead-letters/audit"))).andReturn()).path(0);
	}

	private double redriven() {
		return this.registry.get("dead.letters.redriven").tag("queue", TestTopology.QUEUE).counter().count();
	}

	private static MockHttpServletRequestBuilder asOperator(MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.operator()));
	}

	private static JsonNode json(MvcResult result) throws Exception {
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isLessThan(500);
		return JSON.readTree(result.getResponse().getContentAsString());
	}

}
