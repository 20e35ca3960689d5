package io.bookingdemo.ledger.postings;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Totals of the ledger, summed by the database.
 */
@Component
class BalanceQueries {

	private static final String ACCOUNTS = """
			select account, currency,
			       coalesce(sum(amount) filter (where side = 'DEBIT'), 0) as debits,
			       coalesce(sum(amount) filter (where side = 'CREDIT'), 0) as credits
			from ledger_entries
			%s
			group by account, currency
			order by account, currency
			""";

	private static final String CURRENCIES = """
			select currency,
			       coalesce(sum(amount) filter (where side = 'DEBIT'), 0) as debits,
			       coalesce(sum(amount) filter (where side = 'CREDIT'), 0) as credits
			from ledger_entries
			%s
			group by currency
			order by currency
			""";

	private static final String OF_BOOKING = "where booking_id = :bookingId";

	private final JdbcClient jdbc;

	BalanceQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The totals of the whole ledger, both read in one transaction so that they describe
	 * the same ledger.
	 * @return the totals per account and currency and per currency
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	BalancesResponse balances() {
		return new BalancesResponse(this.jdbc.sql(ACCOUNTS.formatted("")).query(BalanceQueries::accountBalance).list(),
				this.jdbc.sql(CURRENCIES.formatted("")).query(BalanceQueries::currencyTotals).list());
	}

	/**
	 * The totals of one booking's entries, read like {@link #balances()}: every account
	 * balance is zero once the booking is settled, for example after a refund.
	 * @param bookingId the booking
	 * @return the booking's totals per account and currency and per currency, empty for a
	 * booking the ledger has no entries of
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	BalancesResponse balancesOf(UUID bookingId) {
		return new BalancesResponse(
				this.jdbc.sql(ACCOUNTS.formatted(OF_BOOKING))
					.param("bookingId", bookingId)
					.query(BalanceQueries::accountBalance)
					.list(),
				this.jdbc.sql(CURRENCIES.formatted(OF_BOOKING))
					.param("bookingId", bookingId)
					.query(BalanceQueries::currencyTotals)
					.list());
	}

	private static BalancesResponse.AccountBalance accountBalance(ResultSet row, int rowNumber) throws SQLException {
		BigDecimal debits = row.getBigDecimal("debits");
		BigDecimal credits = row.getBigDecimal("credits");
		return new BalancesResponse.AccountBalance(row.getString("account"), row.getString("currency"),
				Money.format(debits), Money.format(credits), Money.format(debits.subtract(credits)));
	}

	private static BalancesResponse.CurrencyTotals currencyTotals(ResultSet row, int rowNumber) throws SQLException {
		BigDecimal debits = row.getBigDecimal("debits");
		BigDecimal credits = row.getBigDecimal("credits");
		return new BalancesResponse.CurrencyTotals(row.getString("currency"), Money.format(debits),
				Money.format(credits), debits.compareTo(credits) == 0);
	}

}
