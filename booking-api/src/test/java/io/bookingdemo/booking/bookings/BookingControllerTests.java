package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import io.bookingdemo.booking.system.WebConfiguration;
import io.bookingdemo.testsupport.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@WebMvcTest(BookingController.class)
@Import({ WebConfiguration.class, BookingControllerTests.Caller.class })
class BookingControllerTests {

	// The customer every request comes from, unless it carries a token of its own.
	private static final String CUSTOMER = "cust-42";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private BookingService bookings;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	@Test
	void answersCreatedBookingWithLocationAndBody() {
		Booking booking = BookingTests.aBooking(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4),
				new BigDecimal("420.00"));
		given(this.bookings.create(any(), isNull()))
			.willReturn(new BookingService.Created(BookingResponse.of(booking), false));

		assertThat(this.mvc.post()
			.uri("/bookings")
			.contentType(MediaType.APPLICATION_JSON)
			.content(Bookings.aBookingRequest("cust-42", "\"420.00\""))).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/bookings/" + booking.id())
			.doesNotContainHeader(BookingController.IDEMPOTENT_REPLAYED)
			.bodyJson()
			.hasPathSatisfying("$.status", (status) -> assertThat(status).isEqualTo("PENDING"))
			.hasPathSatisfying("$.amount", (amount) -> assertThat(amount).isEqualTo("420.00"));
	}

	@Test
	void marksAReplayedResponseToARetriedIdempotencyKey() {
		Booking booking = BookingTests.aBooking(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4),
				new BigDecimal("420.00"));
		given(this.bookings.create(any(), eq("retry-1")))
			.willReturn(new BookingService.Created(BookingResponse.of(booking), true));

		assertThat(this.mvc.post()
			.uri("/bookings")
			.header("Idempotency-Key", "retry-1")
			.contentType(MediaType.APPLICATION_JSON)
			.content(Bookings.aBookingRequest("cust-42", "\"420.00\""))).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/bookings/" + booking.id())
			.hasHeader(BookingController.IDEMPOTENT_REPLAYED, "true");
	}

	@Test
	void refusesAnIdempotencyKeyThatIsTooLongOrNotPrintable() {
		for (String key : new String[] { "k".repeat(129), "tab\there", "caf\u00e9" }) {
			assertThat(this.mvc.post()
				.uri("/bookings")
				.header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.content(Bookings.aBookingRequest())).as(key)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.hasPathSatisfying("$.type", (type) -> assertThat(type)
					.isEqualTo("https://booking-demo.example/problems/invalid-parameter"));
		}
		verifyNoInteractions(this.bookings);
	}

	@Test
	void answersAReusedIdempotencyKeyWithUnprocessableProblem() {
		given(this.bookings.create(any(), eq("used"))).willThrow(new IdempotencyKeyReusedException("used"));

		assertThat(this.mvc.post()
			.uri("/bookings")
			.header("Idempotency-Key", "used")
			.contentType(MediaType.APPLICATION_JSON)
			.content(Bookings.aBookingRequest())).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type", (type) -> assertThat(type)
				.isEqualTo("https://booking-demo.example/problems/idempotency-key-reused"));
	}

	@Test
	void answersCancellingABookingThatIsNotConfirmedWithConflictProblem() {
		UUID id = UUID.randomUUID();
		given(this.bookings.cancel(id, CUSTOMER))
			.willThrow(new BookingStateException(id, BookingStatus.PENDING, "be cancelled", BookingStatus.CONFIRMED));

		assertThat(this.mvc.post().uri("/bookings/" + id + "/cancel")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type",
					(type) -> assertThat(type)
						.isEqualTo("https://booking-demo.example/problems/booking-state-conflict"))
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail)
				.isEqualTo("Booking " + id + " is PENDING; only a CONFIRMED booking can be cancelled"));
	}

	@Test
	void listsEveryInvalidFieldAndNeverCallsTheService() {
		assertThat(this.mvc.post().uri("/bookings").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type",
					(type) -> assertThat(type).isEqualTo("https://booking-demo.example/problems/validation-failed"))
			.hasPathSatisfying("$.errors[*].field",
					(fields) -> assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST)
						.containsExactlyInAnyOrder("amount", "currency", "customerEmail", "endDate", "resourceId",
								"startDate"));
		verifyNoInteractions(this.bookings);
	}

	@Test
	void answersUnknownBookingWithNotFoundProblem() {
		UUID id = UUID.randomUUID();
		given(this.bookings.get(id, CUSTOMER)).willThrow(new BookingNotFoundException(id));

		assertThat(this.mvc.get().uri("/bookings/" + id)).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type",
					(type) -> assertThat(type).isEqualTo("https://booking-demo.example/problems/not-found"))
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).isEqualTo("No booking with id " + id));
	}

	@Test
	void booksForTheTokensSubjectWhenTheBodyNamesNoCustomer() {
		Booking booking = BookingTests.aBooking(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 4),
				new BigDecimal("420.00"));
		given(this.bookings.create(any(), isNull()))
			.willReturn(new BookingService.Created(BookingResponse.of(booking), false));

		assertThat(this.mvc.post()
			.uri("/bookings")
			.contentType(MediaType.APPLICATION_JSON)
			.content(Bookings.aBookingRequest())).hasStatus(HttpStatus.CREATED);
		then(this.bookings).should().create(argThat((request) -> request.customerId().equals(CUSTOMER)), isNull());
	}

	@Test
	void refusesABodyThatNamesAnotherCustomerWithForbiddenProblem() {
		assertThat(this.mvc.post()
			.uri("/bookings")
			.contentType(MediaType.APPLICATION_JSON)
			.content(Bookings.aBookingRequest("cust-7", "\"420.00\""))).hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type",
					(type) -> assertThat(type).isEqualTo("https://booking-demo.example/problems/forbidden"));
		verifyNoInteractions(this.bookings);
	}

	@Test
	void refusesAQueryForAnotherCustomersBookingsWithForbiddenProblem() {
		assertThat(this.mvc.get().uri("/bookings?customerId=cust-7")).hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.bookings);
	}

	@Test
	void listsTheCallersBookingsWhenTheQueryNamesNoCustomer() {
		given(this.bookings.findByCustomer(eq(CUSTOMER), any())).willReturn(Page.empty());

		assertThat(this.mvc.get().uri("/bookings")).hasStatus(HttpStatus.OK);
		then(this.bookings).should().findByCustomer(eq(CUSTOMER), any());
	}

	@Test
	void answersAnotherCustomersBookingAsNotFound() {
		UUID id = UUID.randomUUID();
		given(this.bookings.get(id, "cust-7")).willThrow(new BookingNotFoundException(id));

		assertThat(this.mvc.get()
			.uri("/bookings/" + id)
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-7"))))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesARequestWithoutAValidTokenWithUnauthorizedProblem() {
		for (String authorization : new String[] { null, TestTokens.bearer(TestTokens.expired(CUSTOMER)),
				TestTokens.bearer(TestTokens.signedByAnotherKey(CUSTOMER)),
				TestTokens.bearer(TestTokens.operatorFrom("https://elsewhere.example")) }) {
			MockMvcTester.MockMvcRequestBuilder request = this.mvc.get().uri("/bookings");
			request.header(HttpHeaders.AUTHORIZATION, (authorization != null) ? authorization : "");
			assertThat(request).as(String.valueOf(authorization))
				.hasStatus(HttpStatus.UNAUTHORIZED)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.headers()
				.hasHeaderSatisfying(HttpHeaders.WWW_AUTHENTICATE,
						(values) -> assertThat(values).singleElement().asString().startsWith("Bearer"));
		}
		verifyNoInteractions(this.bookings);
	}

	@Test
	void refusesACustomerOnTheAdminAndActuatorEndpointsWithForbiddenProblem() {
		for (String path : new String[] { "/admin/dead-letters", "/actuator/prometheus" }) {
			assertThat(this.mvc.get().uri(path)).as(path)
				.hasStatus(HttpStatus.FORBIDDEN)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Caller {

		@Bean
		MockMvcBuilderCustomizer customerToken() {
			return (builder) -> builder.defaultRequest(
					get("/").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer(CUSTOMER))));
		}

	}

}
