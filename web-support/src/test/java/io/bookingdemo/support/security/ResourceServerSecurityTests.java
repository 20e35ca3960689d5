package io.bookingdemo.support.security;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server as a service gets it: who may call what, the problem bodies of
 * refusals, the limit on failed authentications, and strict request bodies beside a
 * tolerant application mapper.
 */
@WebMvcTest(properties = { "messaging.security.operator-paths=/reports/**",
		"messaging.security.failed-authentications.per-minute=3" })
class ResourceServerSecurityTests {

	private static final String PROBLEMS = "https://booking-demo.example/problems/";

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private JsonMapper json;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	@Test
	void letsAnyoneReadHealthOnly() {
		assertThat(this.mvc.get().uri("/actuator/health")).hasStatus(HttpStatus.OK);
		assertThat(this.mvc.get().uri("/things")).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.headers()
			.hasHeaderSatisfying(HttpHeaders.WWW_AUTHENTICATE,
					(values) -> assertThat(values.get(0)).startsWith("Bearer"));
		assertThat(this.mvc.get().uri("/things")).bodyJson().isLenientlyEqualTo("""
				{"type": "%sunauthorized", "status": 401, "instance": "/things"}""".formatted(PROBLEMS));
	}

	@Test
	void letsAnyoneReadTheApiDocumentsButSendThemNothing() {
		assertThat(this.mvc.get().uri("/v3/api-docs")).hasStatus(HttpStatus.OK);
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatus(HttpStatus.OK);
		assertThat(this.mvc.post().uri("/v3/api-docs")).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void letsACustomerUseTheServiceButNotTheOperatorPaths() {
		String customer = TestTokens.bearer(TestTokens.customer("cust-1"));

		assertThat(this.mvc.get().uri("/things").header(HttpHeaders.AUTHORIZATION, customer)).hasStatus(HttpStatus.OK)
			.hasBodyTextEqualTo("cust-1");
		for (String path : new String[] { "/reports", "/admin/anything", "/actuator/prometheus" }) {
			assertThat(this.mvc.get().uri(path).header(HttpHeaders.AUTHORIZATION, customer)).as(path)
				.hasStatus(HttpStatus.FORBIDDEN)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type": "%sforbidden", "status": 403}""".formatted(PROBLEMS));
		}
	}

	@Test
	void letsAnOperatorUseTheOperatorPaths() {
		assertThat(this.mvc.get()
			.uri("/reports")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.operator()))).hasStatus(HttpStatus.OK)
			.hasBodyTextEqualTo("report for " + TestTokens.OPERATOR);
	}

	@Test
	void refusesExpiredWronglySignedAndForeignTokens() {
		for (String token : new String[] { TestTokens.expired("cust-1"), TestTokens.signedByAnotherKey("cust-1"),
				TestTokens.operatorFrom("https://elsewhere.example") }) {
			assertThat(this.mvc.get()
				.uri("/things")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
				.with((request) -> {
					request.setRemoteAddr("192.0.2.1");
					return request;
				})).hasStatus(HttpStatus.UNAUTHORIZED)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.headers()
				.hasHeaderSatisfying(HttpHeaders.WWW_AUTHENTICATE,
						(values) -> assertThat(values.get(0)).startsWith("Bearer error=\"invalid_token\""));
		}
	}

	@Test
	void turnsAwayAClientOverItsLimitOfFailedAuthenticationsWithoutCheckingItsToken() {
		String bad = TestTokens.bearer(TestTokens.signedByAnotherKey("cust-1"));
		for (int i = 0; i < 3; i++) {
			assertThat(this.mvc.get().uri("/things").header(HttpHeaders.AUTHORIZATION, bad).with((request) -> {
				request.setRemoteAddr("198.51.100.7");
				return request;
			})).hasStatus(HttpStatus.UNAUTHORIZED);
		}

		String good = TestTokens.bearer(TestTokens.customer("cust-1"));
		assertThat(this.mvc.get().uri("/things").header(HttpHeaders.AUTHORIZATION, good).with((request) -> {
			request.setRemoteAddr("198.51.100.7");
			return request;
		})).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.headers()
			.hasHeaderSatisfying(HttpHeaders.RETRY_AFTER,
					(values) -> assertThat(Long.parseLong(values.get(0))).isBetween(1L, 60L));
		assertThat(this.mvc.get().uri("/actuator/health").with((request) -> {
			request.setRemoteAddr("198.51.100.7");
			return request;
		})).hasStatus(HttpStatus.OK);
		assertThat(this.mvc.get().uri("/things").header(HttpHeaders.AUTHORIZATION, good).with((request) -> {
			request.setRemoteAddr("198.51.100.8");
			return request;
		})).as("another client").hasStatus(HttpStatus.OK);
	}

	@Test
	void refusesUnknownFieldsInRequestBodiesButNotInTheApplicationsOwnReading() {
		assertThat(this.mvc.post()
			.uri("/things")
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-1")))
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"name": "lamp", "colour": "red"}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "%smalformed-request", "detail": "Unknown field 'colour'"}""".formatted(PROBLEMS));
		assertThat(this.json.readValue("""
				{"name": "lamp", "colour": "red"}""", Thing.class)).isEqualTo(new Thing("lamp"));
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ThingController.class)
	static class Config {

	}

	@RestController
	static class ThingController {

		@GetMapping("/things")
		String mine(java.security.Principal caller) {
			return caller.getName();
		}

		@PostMapping("/things")
		String create(@RequestBody Thing thing) {
			return thing.name();
		}

		// Stands in for the actuator's health endpoint, which this slice has not.
		@GetMapping("/actuator/health")
		String health() {
			return "UP";
		}

		// Stand in for springdoc's document and Swagger UI, which this slice has not.
		@RequestMapping(path = { "/v3/api-docs", "/swagger-ui/index.html" },
				method = { RequestMethod.GET, RequestMethod.POST })
		String apiDocs() {
			return "{}";
		}

		@GetMapping({ "/reports", "/admin/anything" })
		String report(java.security.Principal caller) {
			return "report for " + caller.getName();
		}

	}

	record Thing(String name) {
	}

}
