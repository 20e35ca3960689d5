package io.bookingdemo.ledger.postings;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry as the API shows it.
 *
 * @param id the entry's id
 * @param bookingId the booking it belongs to
 * @param account the account name
 * @param side {@code DEBIT} or {@code CREDIT}
 * @param amount the amount as a decimal string with two fraction digits
 * @param currency the ISO 4217 currency
 * @param eventId the event that caused it
 * @param createdAt when it was posted
 */
record LedgerEntryResponse(UUID id, UUID bookingId, String account, Side side, String amount, String currency,
		UUID eventId, Instant createdAt) {

	static LedgerEntryResponse of(LedgerEntry entry) {
		return new LedgerEntryResponse(entry.id(), entry.bookingId(), entry.account().accountName(), entry.side(),
				Money.format(entry.amount()), entry.currency(), entry.eventId(), entry.createdAt());
	}

}
