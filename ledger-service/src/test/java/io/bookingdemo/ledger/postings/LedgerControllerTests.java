package io.bookingdemo.ledger.postings;

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
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(LedgerController.class)
@Import(LedgerControllerTests.Caller.class)
class LedgerControllerTests {

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
	}

	private static final String PROBLEMS = "https://booking-demo.example/problems/";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PostingService postings;

	@MockitoBean
	private BalanceQueries balances;

	@Test
	void listsBookingEntriesWithAmountsAsStrings() {
		List<LedgerEntry> entries = LedgerEntryTests.aBookingCreatedJournal();
		UUID bookingId = entries.get(0).bookingId();
		given(this.postings.entriesOf(bookingId)).willReturn(entries);

		assertThat(this.mvc.get().uri("/ledger/entries").param("bookingId", bookingId.toString())).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo("""
					[{"id":"%s","bookingId":"%s","account":"accounts-receivable","side":"DEBIT","amount":"420.00",
					  "currency":"EUR","eventId":"%s","createdAt":"2027-02-01T09:30:00.123456Z"},
					 {"id":"%s","bookingId":"%s","account":"deferred-revenue","side":"CREDIT","amount":"420.00",
					  "currency":"EUR","eventId":"%s","createdAt":"2027-02-01T09:30:00.123456Z"}]
					""".formatted(entries.get(0).id(), bookingId, entries.get(0).eventId(), entries.get(1).id(),
					bookingId, entries.get(1).eventId()));
	}

	@Test
	void listsNoEntriesForUnknownBooking() {
		assertThat(this.mvc.get().uri("/ledger/entries").param("bookingId", UUID.randomUUID().toString())).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void answersBalancesPerAccountAndCurrency() {
		given(this.balances.balances()).willReturn(new BalancesResponse(
				List.of(new BalancesResponse.AccountBalance("accounts-receivable", "EUR", "420.00", "0.00", "420.00"),
						new BalancesResponse.AccountBalance("deferred-revenue", "EUR", "0.00", "420.00", "-420.00")),
				List.of(new BalancesResponse.CurrencyTotals("EUR", "420.00", "420.00", true))));

		assertThat(this.mvc.get().uri("/ledger/balances")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							{"accounts":[
							   {"account":"accounts-receivable","currency":"EUR","debits":"420.00","credits":"0.00","balance":"420.00"},
							   {"account":"deferred-revenue","currency":"EUR","debits":"0.00","credits":"420.00","balance":"-420.00"}],
							 "currencies":[{"currency":"EUR","debits":"420.00","credits":"420.00","balanced":true}]}
							""");
	}

	@Test
	void answersBalancesOfOneBookingInTheSameShape() {
		UUID bookingId = UUID.randomUUID();
		given(this.balances.balancesOf(bookingId)).willReturn(new BalancesResponse(
				List.of(new BalancesResponse.AccountBalance("accounts-receivable", "EUR", "420.00", "420.00", "0.00"),
						new BalancesResponse.AccountBalance("cash", "EUR", "420.00", "420.00", "0.00"),
						new BalancesResponse.AccountBalance("deferred-revenue", "EUR", "420.00", "420.00", "0.00")),
				List.of(new BalancesResponse.CurrencyTotals("EUR", "1260.00", "1260.00", true))));

		assertThat(this.mvc.get().uri("/ledger/balances").param("bookingId", bookingId.toString())).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							{"accounts":[
							   {"account":"accounts-receivable","currency":"EUR","debits":"420.00","credits":"420.00","balance":"0.00"},
							   {"account":"cash","currency":"EUR","debits":"420.00","credits":"420.00","balance":"0.00"},
							   {"account":"deferred-revenue","currency":"EUR","debits":"420.00","credits":"420.00","balance":"0.00"}],
							 "currencies":[{"currency":"EUR","debits":"1260.00","credits":"1260.00","balanced":true}]}
							""");
		verify(this.balances, never()).balances();
	}

	@Test
	void answersEmptyBalancesForBookingWithoutEntries() {
		UUID bookingId = UUID.randomUUID();
		given(this.balances.balancesOf(bookingId)).willReturn(new BalancesResponse(List.of(), List.of()));

		assertThat(this.mvc.get().uri("/ledger/balances").param("bookingId", bookingId.toString())).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("""
					{"accounts":[],"currencies":[]}
					""");
	}

	@Test
	void rejectsBalancesBookingIdThatIsNotUuid() {
		assertThat(this.mvc.get().uri("/ledger/balances").param("bookingId", "room-101"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"type":"%sinvalid-parameter","title":"Invalid parameter","status":400,
					 "detail":"The parameter 'bookingId' must be a valid UUID"}
					""".formatted(PROBLEMS));
		verifyNoInteractions(this.balances);
	}

	@Test
	void rejectsEmptyBalancesBookingIdInsteadOfAnsweringTheWholeLedger() {
		assertProblem(this.mvc.get().uri("/ledger/balances").param("bookingId", "").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter");
		verifyNoInteractions(this.balances);
	}

	@Test
	void rejectsMissingBookingId() {
		assertProblem(this.mvc.get().uri("/ledger/entries").exchange(), HttpStatus.BAD_REQUEST, "missing-parameter");
		verifyNoInteractions(this.postings);
	}

	@Test
	void rejectsBookingIdThatIsNotUuid() {
		assertProblem(this.mvc.get().uri("/ledger/entries").param("bookingId", "42").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter");
		verifyNoInteractions(this.postings);
	}

	@Test
	void rejectsEmptyBookingId() {
		assertProblem(this.mvc.get().uri("/ledger/entries").param("bookingId", "").exchange(), HttpStatus.BAD_REQUEST,
				"invalid-parameter");
		verifyNoInteractions(this.postings);
	}

	@Test
	void answersUnknownPathWithNotFoundProblem() {
		assertProblem(this.mvc.get().uri("/ledger/nothing").exchange(), HttpStatus.NOT_FOUND, "not-found");
	}

	@Test
	void answersWrongMethodWithProblem() {
		assertThat(this.mvc.post().uri("/ledger/balances")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (status) -> assertThat(status).isEqualTo(405));
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String type) {
		assertThat(result).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.type", (value) -> assertThat(value).isEqualTo(PROBLEMS + type))
			.hasPathSatisfying("$.title", (title) -> assertThat(title).asString().isNotBlank())
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().isNotBlank());
	}

	@Test
	void refusesACustomerWithForbiddenProblem() {
		assertThat(this.mvc.get()
			.uri("/ledger/entries?bookingId=" + UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.customer("cust-42"))))
			.hasStatus(HttpStatus.FORBIDDEN)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesARequestWithoutATokenWithUnauthorizedProblem() {
		assertThat(this.mvc.get()
			.uri("/ledger/entries?bookingId=" + UUID.randomUUID())
			.header(HttpHeaders.AUTHORIZATION, "")).hasStatus(HttpStatus.UNAUTHORIZED)
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
