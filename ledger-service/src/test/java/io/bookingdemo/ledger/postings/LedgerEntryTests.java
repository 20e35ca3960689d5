package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class LedgerEntryTests {

	private static final Instant NOW = Instant.parse("2027-02-01T09:30:00.123456789Z");

	@ParameterizedTest
	@EnumSource(PostingRule.class)
	void journalDebitsAndCreditsTheSameMoney(PostingRule rule) {
		UUID eventId = UUID.randomUUID();
		UUID bookingId = UUID.randomUUID();

		List<LedgerEntry> entries = LedgerEntry.journal(rule, eventId, bookingId,
				new Money(new BigDecimal("420.00"), "EUR"), NOW);

		assertThat(entries).extracting(LedgerEntry::side).containsExactly(Side.DEBIT, Side.CREDIT);
		assertThat(entries).extracting(LedgerEntry::account).containsExactly(rule.debit(), rule.credit());
		assertThat(entries).extracting(LedgerEntry::amount).containsOnly(new BigDecimal("420.00"));
		assertThat(entries).extracting(LedgerEntry::currency).containsOnly("EUR");
		assertThat(entries).extracting(LedgerEntry::eventId).containsOnly(eventId);
		assertThat(entries).extracting(LedgerEntry::bookingId).containsOnly(bookingId);
		assertThat(entries).extracting(LedgerEntry::id).doesNotHaveDuplicates().doesNotContainNull();
	}

	@Test
	void bookingCreatedDebitsReceivableAndCreditsDeferredRevenue() {
		List<LedgerEntry> entries = aBookingCreatedJournal();

		assertThat(entries.get(0).account()).isEqualTo(Account.ACCOUNTS_RECEIVABLE);
		assertThat(entries.get(1).account()).isEqualTo(Account.DEFERRED_REVENUE);
	}

	@Test
	void paymentCapturedDebitsCashAndCreditsReceivable() {
		assertThat(PostingRule.PAYMENT_CAPTURED.debit()).isEqualTo(Account.CASH);
		assertThat(PostingRule.PAYMENT_CAPTURED.credit()).isEqualTo(Account.ACCOUNTS_RECEIVABLE);
	}

	@Test
	void paymentDeclinedDebitsDeferredRevenueAndCreditsReceivable() {
		assertThat(PostingRule.PAYMENT_DECLINED.debit()).isEqualTo(Account.DEFERRED_REVENUE);
		assertThat(PostingRule.PAYMENT_DECLINED.credit()).isEqualTo(Account.ACCOUNTS_RECEIVABLE);
	}

	@Test
	void paymentRefundedDebitsDeferredRevenueAndCreditsCash() {
		assertThat(PostingRule.PAYMENT_REFUNDED.debit()).isEqualTo(Account.DEFERRED_REVENUE);
		assertThat(PostingRule.PAYMENT_REFUNDED.credit()).isEqualTo(Account.CASH);
	}

	@Test
	void paidAndRefundedBookingLeavesEveryAccountAtZero() {
		assertThat(
				balancesAfter(PostingRule.BOOKING_CREATED, PostingRule.PAYMENT_CAPTURED, PostingRule.PAYMENT_REFUNDED))
			.containsOnlyKeys(Account.ACCOUNTS_RECEIVABLE, Account.CASH, Account.DEFERRED_REVENUE)
			.allSatisfy((account, balance) -> assertThat(balance).isZero());
	}

	@Test
	void declinedBookingLeavesEveryAccountAtZero() {
		assertThat(balancesAfter(PostingRule.BOOKING_CREATED, PostingRule.PAYMENT_DECLINED))
			.containsOnlyKeys(Account.ACCOUNTS_RECEIVABLE, Account.DEFERRED_REVENUE)
			.allSatisfy((account, balance) -> assertThat(balance).isZero());
	}

	@Test
	void paidBookingHoldsCashAgainstDeferredRevenue() {
		assertThat(balancesAfter(PostingRule.BOOKING_CREATED, PostingRule.PAYMENT_CAPTURED))
			.containsExactlyInAnyOrderEntriesOf(Map.of(Account.ACCOUNTS_RECEIVABLE, new BigDecimal("0.00"),
					Account.CASH, new BigDecimal("420.00"), Account.DEFERRED_REVENUE, new BigDecimal("-420.00")));
	}

	@Test
	void recordsPostingTimeToTheMicrosecondThatPostgresqlKeeps() {
		assertThat(aBookingCreatedJournal()).extracting(LedgerEntry::createdAt)
			.containsOnly(Instant.parse("2027-02-01T09:30:00.123456Z"));
	}

	@Test
	void rejectsIncompletePosting() {
		Money money = new Money(new BigDecimal("1.00"), "EUR");
		UUID id = UUID.randomUUID();
		assertThatNullPointerException().isThrownBy(() -> LedgerEntry.journal(null, id, id, money, NOW));
		assertThatNullPointerException()
			.isThrownBy(() -> LedgerEntry.journal(PostingRule.BOOKING_CREATED, null, id, money, NOW));
		assertThatNullPointerException()
			.isThrownBy(() -> LedgerEntry.journal(PostingRule.BOOKING_CREATED, id, null, money, NOW));
		assertThatNullPointerException()
			.isThrownBy(() -> LedgerEntry.journal(PostingRule.BOOKING_CREATED, id, id, null, NOW));
	}

	@Test
	void everyRuleMovesMoneyBetweenTwoAccounts() {
		assertThat(PostingRule.values()).allSatisfy((rule) -> assertThat(rule.debit()).isNotEqualTo(rule.credit()));
	}

	@Test
	void moneyIsPositiveWithTwoFractionDigits() {
		assertThat(new Money(new BigDecimal("420"), "EUR").amount()).isEqualTo(new BigDecimal("420.00"));
		assertThat(new Money(new BigDecimal("0.010"), "EUR").amount()).isEqualTo(new BigDecimal("0.01"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(BigDecimal.ZERO, "EUR"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(new BigDecimal("-1.00"), "EUR"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(new BigDecimal("1.005"), "EUR"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(new BigDecimal("10000000000.00"), "EUR"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(BigDecimal.ONE, "eur"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Money(BigDecimal.ONE, "EURO"));
	}

	@Test
	void accountNamesAreDistinctKebabCase() {
		assertThat(Account.values()).extracting(Account::accountName)
			.allMatch((name) -> name.matches("[a-z]+(-[a-z]+)*"))
			.doesNotHaveDuplicates();
		assertThat(Account.values())
			.allSatisfy((account) -> assertThat(Account.named(account.accountName())).isSameAs(account));
		assertThatIllegalArgumentException().isThrownBy(() -> Account.named("revenue"));
	}

	// Debits minus credits per account after posting one journal per rule for one
	// booking.
	private static Map<Account, BigDecimal> balancesAfter(PostingRule... rules) {
		UUID bookingId = UUID.randomUUID();
		Money money = new Money(new BigDecimal("420.00"), "EUR");
		Map<Account, BigDecimal> balances = new EnumMap<>(Account.class);
		for (PostingRule rule : rules) {
			for (LedgerEntry entry : LedgerEntry.journal(rule, UUID.randomUUID(), bookingId, money, NOW)) {
				BigDecimal signed = (entry.side() == Side.DEBIT) ? entry.amount() : entry.amount().negate();
				balances.merge(entry.account(), signed, BigDecimal::add);
			}
		}
		return balances;
	}

	static List<LedgerEntry> aBookingCreatedJournal() {
		return LedgerEntry.journal(PostingRule.BOOKING_CREATED, UUID.randomUUID(), UUID.randomUUID(),
				new Money(new BigDecimal("420.00"), "EUR"), NOW);
	}

}
