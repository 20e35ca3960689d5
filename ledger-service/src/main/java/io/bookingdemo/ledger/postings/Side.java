package io.bookingdemo.ledger.postings;

/**
 * The side of an account a ledger entry is posted to.
 */
enum Side {

	DEBIT, CREDIT

}
