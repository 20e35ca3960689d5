package io.bookingdemo.ledger.postings;

/**
 * The ledger's accounts, each with the kebab-case name stored and reported for it.
 */
enum Account {

	ACCOUNTS_RECEIVABLE("accounts-receivable"),

	CASH("cash"),

	DEFERRED_REVENUE("deferred-revenue");

	private final String accountName;

	Account(String accountName) {
		this.accountName = accountName;
	}

	String accountName() {
		return this.accountName;
	}

	static Account named(String accountName) {
		for (Account account : values()) {
			if (account.accountName.equals(accountName)) {
				return account;
			}
		}
		throw new IllegalArgumentException("No account named '" + accountName + "'");
	}

}
