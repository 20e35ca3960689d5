package io.bookingdemo.support.problems;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import io.bookingdemo.testsupport.TestTokens;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest
class ProblemDetailsAdviceTests {

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	@Autowired
	private MockMvcTester mvc;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	@Test
	void answersAMissingParameterWithMissingParameter() {
		assertThat(this.mvc.get().uri("/widgets")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/missing-parameter","title":"Missing parameter",
					 "status":400,"detail":"The query parameter 'id' is required","instance":"/widgets"}""");
	}

	@Test
	void answersAnEmptyParameterWithMissingParameter() {
		assertThat(this.mvc.get().uri("/widgets?id=")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/missing-parameter","title":"Missing parameter",
					 "status":400,"detail":"The query parameter 'id' is required","instance":"/widgets"}""");
	}

	@Test
	void answersAParameterOfTheWrongTypeWithInvalidParameter() {
		assertThat(this.mvc.get().uri("/widgets?id=widget-7")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/invalid-parameter","title":"Invalid parameter",
					 "status":400,"detail":"The parameter 'id' must be a valid UUID","instance":"/widgets"}""");
	}

	@Test
	void answersInvalidFieldsWithValidationFailedListingEachField() {
		assertThat(postJson("""
				{"name":" ","quantity":0}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/validation-failed","title":"Validation failed",
					 "status":400,"detail":"2 field(s) of the request are invalid","instance":"/widgets",
					 "errors":[{"field":"name","message":"must not be blank"},
					           {"field":"quantity","message":"must be positive"}]}""");
	}

	@Test
	void answersMalformedJsonWithMalformedRequest() {
		MvcTestResult result = postJson("{\"name\":");

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(PROBLEM).bodyJson().isLenientlyEqualTo("""
				{"type":"https://booking-demo.example/problems/malformed-request","title":"Malformed request",
				 "status":400}""");
		assertThat(result).bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("The request body is not valid JSON");
	}

	@Test
	void answersAFieldOfTheWrongTypeWithMalformedRequestNamingTheField() {
		assertThat(postJson("""
				{"name":"sprocket","quantity":"many"}""")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/malformed-request","title":"Malformed request",
					 "status":400,"detail":"Field 'quantity' has the wrong type or format","instance":"/widgets"}""");
	}

	@Test
	void answersABodyOverTheLimitWithPayloadTooLarge() {
		assertThat(postJson("""
				{"name":"%s","quantity":1}""".formatted("x".repeat(200)))).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/payload-too-large","title":"Payload too large",
					 "status":413,"detail":"The request body is larger than the limit of 128 bytes",
					 "instance":"/widgets"}""");
	}

	@Test
	void answersABodyThatIsNotJsonWithUnsupportedMediaType() {
		MvcTestResult result = this.mvc.post()
			.uri("/widgets")
			.contentType(MediaType.TEXT_PLAIN)
			.content("sprocket")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/unsupported-media-type",
					 "title":"Unsupported media type","status":415,
					 "detail":"The request body must be application/json, not text/plain;charset=UTF-8",
					 "instance":"/widgets"}""");
		assertThat(result).headers().containsHeader("Accept");
		assertThat(result.getResponse().getHeader("Accept")).contains("application/json");
	}

	@Test
	void answersAnUnsupportedMethodWithMethodNotAllowedAndTheAllowedOnes() {
		MvcTestResult result = this.mvc.delete().uri("/widgets").exchange();

		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/method-not-allowed","title":"Method not allowed",
					 "status":405,"detail":"DELETE is not supported here","instance":"/widgets"}""");
		assertThat(result.getResponse().getHeader("Allow")).isNotNull()
			.satisfies((allow) -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "POST"));
	}

	@Test
	void answersAnUnknownPathWithNotFound() {
		assertThat(this.mvc.get().uri("/gadgets")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(PROBLEM)
			.bodyJson()
			.isStrictlyEqualTo("""
					{"type":"https://booking-demo.example/problems/not-found","title":"Not found","status":404,
					 "detail":"Nothing exists at /gadgets","instance":"/gadgets"}""");
	}

	private MvcTestResult postJson(String body) {
		return this.mvc.post().uri("/widgets").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(WidgetController.class)
	static class Config {

		@Bean
		RequestSizeLimitFilter requestSizeLimitFilter() {
			return new RequestSizeLimitFilter(DataSize.ofBytes(128));
		}

		@Bean
		MockMvcBuilderCustomizer customerToken() {
			return (builder) -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-42"))));
		}

	}

	@RestController
	@RequestMapping("/widgets")
	static class WidgetController {

		@GetMapping
		String find(@RequestParam UUID id) {
			return id.toString();
		}

		@PostMapping
		String create(@Valid @RequestBody NewWidget widget) {
			return widget.name();
		}

	}

	record NewWidget(@NotBlank(message = "must not be blank") String name,
			@Positive(message = "must be positive") int quantity) {
	}

}
