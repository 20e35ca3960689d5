package io.bookingdemo.ledger.postings;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores an {@link Account} by its kebab-case name, so that the table reads the same as
 * the REST answers and renaming a Java constant never changes the data.
 */
@Converter
class AccountConverter implements AttributeConverter<Account, String> {

	@Override
	public String convertToDatabaseColumn(Account account) {
		return (account != null) ? account.accountName() : null;
	}

	@Override
	public Account convertToEntityAttribute(String accountName) {
		return (accountName != null) ? Account.named(accountName) : null;
	}

}
