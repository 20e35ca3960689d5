package io.bookingdemo.support.security;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The operator account: present only with a password, and then an operator.
 */
class AdminSecurityAutoConfigurationTests {

	private final AdminSecurityAutoConfiguration configuration = new AdminSecurityAutoConfiguration();

	@Test
	void hasNoUserWithoutAPassword() {
		for (String password : new String[] { null, "", "  " }) {
			UserDetailsService users = this.configuration.adminUsers(new AdminProperties("operator", password));
			assertThatExceptionOfType(UsernameNotFoundException.class)
				.isThrownBy(() -> users.loadUserByUsername("operator"));
		}
	}

	@Test
	void hasTheOperatorWithTheConfiguredPasswordStoredHashed() {
		UserDetails operator = this.configuration.adminUsers(new AdminProperties("ops", "s3cret"))
			.loadUserByUsername("ops");

		assertThat(operator.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
		assertThat(operator.getPassword()).doesNotContain("s3cret");
		assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("s3cret", operator.getPassword()))
			.isTrue();
	}

}
