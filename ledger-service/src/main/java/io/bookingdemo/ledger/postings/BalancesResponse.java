package io.bookingdemo.ledger.postings;

import java.util.List;

/**
 * The ledger's totals: per account and currency, and per currency across all accounts.
 *
 * @param accounts the totals of each account in each currency it holds
 * @param currencies the totals of each currency, which balance when debits equal credits
 */
record BalancesResponse(List<AccountBalance> accounts, List<CurrencyTotals> currencies) {

	/**
	 * The totals of one account in one currency.
	 *
	 * @param account the account name
	 * @param currency the currency
	 * @param debits the sum of its debits
	 * @param credits the sum of its credits
	 * @param balance debits minus credits, negative for an account that holds a credit
	 */
	record AccountBalance(String account, String currency, String debits, String credits, String balance) {
	}

	/**
	 * The totals of one currency across all accounts.
	 *
	 * @param currency the currency
	 * @param debits the sum of all debits
	 * @param credits the sum of all credits
	 * @param balanced whether debits equal credits
	 */
	record CurrencyTotals(String currency, String debits, String credits, boolean balanced) {
	}

}
