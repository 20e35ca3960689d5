package io.bookingdemo.support.security;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator who may use {@code /admin/**}.
 *
 * @param username the operator's user name
 * @param password the operator's password, from the environment
 * ({@code MESSAGING_ADMIN_PASSWORD}); without one, {@code /admin/**} refuses everyone
 */
@Validated
@ConfigurationProperties("messaging.admin")
public record AdminProperties(@DefaultValue("operator") @NotBlank String username, @Nullable String password) {

	boolean hasPassword() {
		return this.password != null && !this.password.isBlank();
	}

}
