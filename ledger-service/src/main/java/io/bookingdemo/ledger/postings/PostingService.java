package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.bookingdemo.support.consumer.Outcome;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts booking and payment events to the ledger, each kind at most once per booking, and
 * reads the entries back.
 */
@Service
public class PostingService {

	private final LedgerEntryRepository entries;

	private final JdbcClient jdbc;

	private final Clock clock;

	PostingService(LedgerEntryRepository entries, JdbcClient jdbc, Clock clock) {
		this.entries = entries;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Posts a created booking: its amount becomes receivable from the customer and is
	 * deferred as revenue until earned.
	 * @param eventId the id of the {@code BookingCreated} event's id
	 * @param bookingId the booking
	 * @param amount the booking's amount
	 * @param currency the amount's ISO 4217 currency
	 * @return applied, or ignored if the booking already has this posting
	 */
	@Transactional
	public Outcome postBookingCreated(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		return post(PostingRule.BOOKING_CREATED, eventId, bookingId, new Money(amount, currency));
	}

	/**
	 * Posts a captured payment: the customer paid, so the receivable becomes cash.
	 * @param eventId the id of the {@code PaymentCaptured} event's id
	 * @param bookingId the booking paid for
	 * @param amount the amount captured
	 * @param currency the amount's ISO 4217 currency
	 * @return applied, or ignored if the booking already has this posting
	 */
	@Transactional
	public Outcome postPaymentCaptured(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		return post(PostingRule.PAYMENT_CAPTURED, eventId, bookingId, new Money(amount, currency));
	}

	/**
	 * Posts a declined payment: the booking's receivable and deferred revenue are
	 * reversed, because the booking will not be paid.
	 * @param eventId the id of the {@code PaymentDeclined} event's id
	 * @param bookingId the booking whose payment was declined
	 * @param amount the amount declined
	 * @param currency the amount's ISO 4217 currency
	 * @return applied, or ignored if the booking already has this posting
	 */
	@Transactional
	public Outcome postPaymentDeclined(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		return post(PostingRule.PAYMENT_DECLINED, eventId, bookingId, new Money(amount, currency));
	}

	/**
	 * Posts a refunded payment: the cash goes back to the customer and the booking's
	 * deferred revenue is cancelled, because it will never be earned.
	 * @param eventId the id of the {@code PaymentRefunded} event's id
	 * @param bookingId the booking refunded
	 * @param amount the amount refunded
	 * @param currency the amount's ISO 4217 currency
	 * @return applied, or ignored if the booking already has this posting
	 */
	@Transactional
	public Outcome postPaymentRefunded(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		return post(PostingRule.PAYMENT_REFUNDED, eventId, bookingId, new Money(amount, currency));
	}

	// The booking's posting of this kind is claimed in the transaction that writes its
	// entries: a concurrent replay waits on the row and then finds it taken.
	private Outcome post(PostingRule rule, UUID eventId, UUID bookingId, Money money) {
		int claimed = this.jdbc
			.sql("insert into booking_postings (booking_id, rule, event_id) values (?, ?, ?) "
					+ "on conflict (booking_id, rule) do nothing")
			.params(bookingId, rule.name(), eventId)
			.update();
		if (claimed == 0) {
			return Outcome.ignored("booking " + bookingId + " already has its " + rule + " posting");
		}
		this.entries.saveAll(LedgerEntry.journal(rule, eventId, bookingId, money, this.clock.instant()));
		return Outcome.applied();
	}

	@Transactional(readOnly = true)
	List<LedgerEntry> entriesOf(UUID bookingId) {
		return this.entries.findByBookingIdOrderByCreatedAtAscEventIdAscSideDesc(bookingId);
	}

}
