package io.bookingdemo.ledger.postings;

/**
 * Which account an event debits and which it credits.
 */
enum PostingRule {

	BOOKING_CREATED(Account.ACCOUNTS_RECEIVABLE, Account.DEFERRED_REVENUE),

	PAYMENT_CAPTURED(Account.CASH, Account.ACCOUNTS_RECEIVABLE),

	// A declined payment leaves nothing to collect: the receivable and the deferred
	// revenue of the booking are both taken back.
	PAYMENT_DECLINED(Account.DEFERRED_REVENUE, Account.ACCOUNTS_RECEIVABLE),

	PAYMENT_REFUNDED(Account.DEFERRED_REVENUE, Account.CASH);

	private final Account debit;

	private final Account credit;

	PostingRule(Account debit, Account credit) {
		if (debit == credit) {
			throw new IllegalArgumentException("A posting must move money between two different accounts");
		}
		this.debit = debit;
		this.credit = credit;
	}

	Account debit() {
		return this.debit;
	}

	Account credit() {
		return this.credit;
	}

}
