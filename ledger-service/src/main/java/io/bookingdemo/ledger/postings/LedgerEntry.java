package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One side of a posting: an amount debited or credited to one account because of one
 * event about one booking.
 * <p>
 * Entries are only created in balanced pairs by
 * {@link #journal(PostingRule, UUID, UUID, Money, Instant)}, so the ledger cannot hold a
 * debit without its credit.
 */
@Entity
@Table(name = "ledger_entries")
class LedgerEntry {

	@Id
	private UUID id;

	private UUID eventId;

	private UUID bookingId;

	@Convert(converter = AccountConverter.class)
	private Account account;

	@Enumerated(EnumType.STRING)
	private Side side;

	private BigDecimal amount;

	@JdbcTypeCode(SqlTypes.CHAR)
	@Column(length = 3)
	private String currency;

	private Instant createdAt;

	@Version
	private Long version;

	protected LedgerEntry() {
	}

	private LedgerEntry(UUID eventId, UUID bookingId, Account account, Side side, Money money, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.eventId = eventId;
		this.bookingId = bookingId;
		this.account = account;
		this.side = side;
		this.amount = money.amount();
		this.currency = money.currency();
		this.createdAt = createdAt;
	}

	/**
	 * Builds the posting of one event: a debit and a credit of the same money on the
	 * rule's two accounts.
	 * @param rule the accounts to debit and credit
	 * @param eventId the event being posted
	 * @param bookingId the booking the event is about
	 * @param money the amount and currency of both entries
	 * @param createdAt when the posting is made
	 * @return the debit entry followed by the credit entry
	 */
	static List<LedgerEntry> journal(PostingRule rule, UUID eventId, UUID bookingId, Money money, Instant createdAt) {
		Objects.requireNonNull(rule, "rule");
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(bookingId, "bookingId");
		Objects.requireNonNull(money, "money");
		// PostgreSQL keeps microseconds; truncating here makes what was saved equal what
		// is
		// read back.
		Instant at = createdAt.truncatedTo(ChronoUnit.MICROS);
		return List.of(new LedgerEntry(eventId, bookingId, rule.debit(), Side.DEBIT, money, at),
				new LedgerEntry(eventId, bookingId, rule.credit(), Side.CREDIT, money, at));
	}

	UUID id() {
		return this.id;
	}

	UUID eventId() {
		return this.eventId;
	}

	UUID bookingId() {
		return this.bookingId;
	}

	Account account() {
		return this.account;
	}

	Side side() {
		return this.side;
	}

	BigDecimal amount() {
		return this.amount;
	}

	String currency() {
		return this.currency;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
