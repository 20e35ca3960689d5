package io.bookingdemo.support.security;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call a service: the JWT bearer tokens it accepts, the paths only operators may
 * use, and the limit on failed authentications.
 *
 * @param jwt where the tokens come from and how their signatures are checked
 * @param operatorPaths the service's own paths (Ant patterns) that need the operator
 * role, besides {@code /admin/**} and the actuator endpoints other than health
 * @param failedAuthentications the limit on rejected tokens per client address
 */
@Validated
@ConfigurationProperties("messaging.security")
public record SecurityProperties(@Valid @NotNull @DefaultValue Jwt jwt,
		@NotNull @DefaultValue List<String> operatorPaths,
		@Valid @NotNull @DefaultValue FailedAuthentications failedAuthentications) {

	/**
	 * The tokens' issuer and signing keys. Without an issuer and a key source every token
	 * is refused.
	 *
	 * @param issuer the {@code iss} claim every token must carry ({@code JWT_ISSUER})
	 * @param jwkSetUri where the issuer publishes its signing keys
	 * ({@code JWT_JWK_SET_URI}); it wins over {@code publicKeyLocation}
	 * @param publicKeyLocation a PEM RSA public key that signs (a resource location such
	 * as {@code file:...}) the tokens ({@code JWT_PUBLIC_KEY_LOCATION}), for a deployment
	 * without a JWK set
	 */
	public record Jwt(@Nullable String issuer, @Nullable String jwkSetUri, @Nullable String publicKeyLocation) {

		boolean isConfigured() {
			return hasText(this.issuer) && (hasText(this.jwkSetUri) || hasText(this.publicKeyLocation));
		}

		boolean hasJwkSetUri() {
			return hasText(this.jwkSetUri);
		}

		private static boolean hasText(@Nullable String value) {
			return value != null && !value.isBlank();
		}

	}

	/**
	 * The limit on failed authentications: beyond {@code perMinute} rejected tokens from
	 * one client address in a minute, its requests are refused with 429 before any token
	 * is checked, until the bucket refills.
	 *
	 * @param perMinute the rejected tokens a client address may send per minute
	 * @param trackedClients the most client addresses remembered; the least recently
	 * failed is forgotten first
	 */
	public record FailedAuthentications(@DefaultValue("20") @Min(1) int perMinute,
			@DefaultValue("10000") @Min(1) int trackedClients) {
	}

}
