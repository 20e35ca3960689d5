package io.bookingdemo.ledger.postings;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger resource: a booking's entries, and the totals of every account, either of
 * the whole ledger or of one booking's entries ({@code ?bookingId=}, same shape).
 */
@RestController
@RequestMapping(path = "/ledger", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "The double-entry ledger of bookings and payments, for operators")
class LedgerController {

	private final PostingService postings;

	private final BalanceQueries balances;

	LedgerController(PostingService postings, BalanceQueries balances) {
		this.postings = postings;
		this.balances = balances;
	}

	@GetMapping("/entries")
	@Operation(summary = "Lists a booking's ledger entries", description = "An unknown booking has none.")
	List<LedgerEntryResponse> entries(@RequestParam UUID bookingId) {
		return this.postings.entriesOf(bookingId).stream().map(LedgerEntryResponse::of).toList();
	}

	// Described with balancesOf: OpenAPI has one operation per path and method.
	@GetMapping(path = "/balances", params = "!bookingId")
	@Hidden
	BalancesResponse balances() {
		return this.balances.balances();
	}

	// A separate mapping rather than an optional parameter, so that an empty bookingId
	// is refused instead of silently answering the whole ledger. Not required here only
	// so that the document shows it optional: this mapping needs it present.
	@GetMapping(path = "/balances", params = "bookingId")
	@Operation(summary = "Totals every account, of the whole ledger or of one booking's entries")
	BalancesResponse balancesOf(@Parameter(
			description = "the booking whose entries are totalled; without it, the whole ledger") @RequestParam(
					required = false) @Nullable UUID bookingId) {
		if (bookingId == null) {
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, emptyParameter("bookingId"), null);
		}
		return this.balances.balancesOf(bookingId);
	}

	// An empty bookingId is a value of the wrong form, where the other services call it
	// missing.
	@ExceptionHandler
	ProblemDetail missingParameter(MissingServletRequestParameterException ex) {
		if (ex.isMissingAfterConversion()) {
			return emptyParameter(ex.getParameterName());
		}
		return Problems.missingParameter(ex.getParameterName());
	}

	private static ProblemDetail emptyParameter(String name) {
		return Problems.of(HttpStatus.BAD_REQUEST, Problems.INVALID_PARAMETER, "Invalid parameter",
				"The query parameter '" + name + "' must not be empty");
	}

}
