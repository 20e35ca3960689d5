package io.bookingdemo.payment.payments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The currencies payments are taken in: the contract {@code contracts/currencies.json},
 * which booking-api reads too and which the build copies onto the class path.
 */
final class AcceptedCurrencies {

	private static final String CONTRACT = "/contracts/currencies.json";

	private final Set<String> codes;

	private AcceptedCurrencies(Set<String> codes) {
		this.codes = Set.copyOf(codes);
	}

	/**
	 * Reads the contract from the class path.
	 * @return the accepted currencies
	 * @throws IllegalStateException if the contract is not on the class path
	 */
	static AcceptedCurrencies fromContract() {
		try (InputStream in = AcceptedCurrencies.class.getResourceAsStream(CONTRACT)) {
			if (in == null) {
				throw new IllegalStateException(CONTRACT + " is not on the class path");
			}
			Set<String> codes = new TreeSet<>();
			for (JsonNode code : JsonMapper.builder().build().readTree(in).required("currencies")) {
				codes.add(code.asString());
			}
			return new AcceptedCurrencies(codes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	boolean accepts(String currency) {
		return this.codes.contains(currency);
	}

	@Override
	public String toString() {
		return String.join(", ", new TreeSet<>(this.codes));
	}

}
