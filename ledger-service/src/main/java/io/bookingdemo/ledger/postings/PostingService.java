package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts booking events to the ledger and reads the entries back.
 */
@Service
public class PostingService {

	private final LedgerEntryRepository entries;

	private final Clock clock;

	PostingService(LedgerEntryRepository entries, Clock clock) {
		this.entries = entries;
		this.clock = clock;
	}

	/**
	 * Posts a created booking: its amount becomes receivable from the customer and is
	 * deferred as revenue until earned.
	 * @param eventId the {@code BookingCreated} event's id
	 * @param bookingId the booking
	 * @param amount the booking's amount
	 * @param currency the amount's ISO 4217 currency
	 */
	@Transactional
	public void postBookingCreated(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		post(PostingRule.BOOKING_CREATED, eventId, bookingId, new Money(amount, currency));
	}

	private void post(PostingRule rule, UUID eventId, UUID bookingId, Money money) {
		this.entries.saveAll(LedgerEntry.journal(rule, eventId, bookingId, money, this.clock.instant()));
	}

	@Transactional(readOnly = true)
	List<LedgerEntry> entriesOf(UUID bookingId) {
		return this.entries.findByBookingIdOrderByCreatedAtAscEventIdAscSideDesc(bookingId);
	}

}
