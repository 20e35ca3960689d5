package io.bookingdemo.payment.payments;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import io.bookingdemo.testsupport.TestTokens;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(PaymentController.class)
@Import(PaymentControllerTests.Caller.class)
class PaymentControllerTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	private static final String PROBLEMS = "https://booking-demo.example/problems/";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PaymentRepository payments;

	@Test
	void listsThePaymentsOfABooking() {
		Payment payment = PaymentTests.aPayment("420.00");
		given(this.payments.findByBookingIdOrderByCreatedAtAscIdAsc(payment.bookingId())).willReturn(List.of(payment));

		assertThat(this.mvc.get().uri("/payments?bookingId={id}", payment.bookingId())).hasStatus(HttpStatus.OK)
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					[{
					  "id": "%s",
					  "bookingId": "%s",
					  "status": "CAPTURED",
					  "amount": "420.00",
					  "currency": "EUR",
					  "reason": null,
					  "eventId": "%s",
					  "createdAt": "2027-02-01T09:30:01.123456Z",
					  "refundedAt": null
					}]""".formatted(payment.id(), payment.bookingId(), payment.eventId()));
	}

	@Test
	void showsWhenAPaymentWasRefunded() {
		Payment payment = PaymentTests.aPayment("420.00");
		payment.refund(Instant.parse("2027-02-02T14:00:01.5Z"));
		given(this.payments.findByBookingIdOrderByCreatedAtAscIdAsc(payment.bookingId())).willReturn(List.of(payment));

		assertThat(this.mvc.get().uri("/payments?bookingId={id}", payment.bookingId())).hasStatus(HttpStatus.OK)
			.bodyJson()
			.isLenientlyEqualTo(
					"""
							[{"id": "%s", "status": "REFUNDED", "amount": "420.00", "refundedAt": "2027-02-02T14:00:01.500Z"}]"""
						.formatted(payment.id()));
	}

	@Test
	void answersMissingBookingIdWithProblem() {
		assertThat(this.mvc.get().uri("/payments")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "%smissing-parameter", "status": 400,
					 "detail": "The query parameter 'bookingId' is required"}""".formatted(PROBLEMS));
		verifyNoInteractions(this.payments);
	}

	@Test
	void answersBookingIdThatIsNotAUuidWithProblem() {
		assertThat(this.mvc.get().uri("/payments?bookingId=42")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "%sinvalid-parameter", "status": 400}""".formatted(PROBLEMS));
		verifyNoInteractions(this.payments);
	}

	@Test
	void answersUnknownPathWithProblem() {
		assertThat(this.mvc.get().uri("/refunds")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type": "%snot-found", "status": 404}""".formatted(PROBLEMS));
	}

	@Test
	void answersWrongMethodWithProblem() {
		assertThat(this.mvc.post().uri("/payments?bookingId={id}", UUID.randomUUID()))
			.hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesACustomerWithForbiddenProblem() {
		assertThat(this.mvc.get()
			.uri("/payments?bookingId=" + UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-42"))))
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesARequestWithoutATokenWithUnauthorizedProblem() {
		assertThat(this.mvc.get().uri("/payments?bookingId=" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, ""))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Caller {

		@Bean
		MockMvcBuilderCustomizer operatorToken() {
			return (builder) -> builder.defaultRequest(MockMvcRequestBuilders.get("/")
				.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.operator())));
		}

	}

}
