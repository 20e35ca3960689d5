package io.bookingdemo.loadgen;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.bookingdemo.local.JwtSigner;

import static org.assertj.core.api.Assertions.assertThat;

class CustomersTests {

	private final JwtSigner signer = new JwtSigner(JwtSigner.newKeyPair().getPrivate(), "https://issuer.test");

	@Test
	void givesEveryBookingOfAShortRunACustomerAndTokenOfItsOwn() {
		BookingSystem.Customers customers = new BookingSystem.Customers(this.signer, "r1", 3);

		assertThat(customers.id(0)).isEqualTo("cust-r1-0");
		assertThat(customers.id(2)).isEqualTo("cust-r1-2");
		assertThat(subject(customers.token(2))).isEqualTo("cust-r1-2");
		assertThat(customers.token(0)).isNotEqualTo(customers.token(1));
	}

	@Test
	void booksAsTheSameCustomersAgainBeyondTheMost() {
		BookingSystem.Customers customers = new BookingSystem.Customers(this.signer, "r2", Long.MAX_VALUE);

		long again = BookingSystem.Customers.MOST + 5;
		assertThat(customers.id(again)).isEqualTo("cust-r2-5");
		assertThat(customers.token(again)).isSameAs(customers.token(5));
		assertThat(subject(customers.token(again))).isEqualTo(customers.id(again));
	}

	private static String subject(String token) {
		String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		return claims.replaceFirst(".*\"sub\":\"([^\"]*)\".*", "$1");
	}

}
