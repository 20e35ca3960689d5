package io.bookingdemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bookingdemo.local.JwtSigner;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The tests' tokens: a key pair made once per JVM, the settings that make a service trust
 * it, and tokens for customers and operators, including ones a service must refuse.
 */
public final class TestTokens {

	/** The issuer of the tests' tokens. */
	public static final String ISSUER = "https://tokens.booking-demo.test";

	/** The subject of the operator's token. */
	public static final String OPERATOR = "test-operator";

	private static final Duration LIFETIME = Duration.ofHours(1);

	private static final JwtSigner SIGNER;

	private static final Path PUBLIC_KEY;

	static {
		KeyPair keys = JwtSigner.newKeyPair();
		SIGNER = new JwtSigner(keys.getPrivate(), ISSUER);
		try {
			PUBLIC_KEY = Files.createTempFile("test-token-key", ".pem");
			PUBLIC_KEY.toFile().deleteOnExit();
			Files.writeString(PUBLIC_KEY, JwtSigner.pem(keys.getPublic()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private TestTokens() {
	}

	/**
	 * The settings that make a service accept the tests' tokens, as Spring properties.
	 * @return the properties
	 */
	public static Map<String, String> springProperties() {
		return Map.of("messaging.security.jwt.issuer", ISSUER, "messaging.security.jwt.public-key-location",
				PUBLIC_KEY.toUri().toString());
	}

	/**
	 * Makes the service under test accept the tests' tokens.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 */
	public static void register(DynamicPropertyRegistry registry) {
		springProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The public key's PEM file, for a service started in a process of its own.
	 * @return the file
	 */
	public static Path publicKey() {
		return PUBLIC_KEY;
	}

	/**
	 * A customer's valid token.
	 * @param customerId the customer, the token's subject
	 * @return the token
	 */
	public static String customer(String customerId) {
		return SIGNER.customer(customerId, LIFETIME);
	}

	/**
	 * An operator's valid token.
	 * @return the token
	 */
	public static String operator() {
		return SIGNER.operator(OPERATOR, LIFETIME);
	}

	/**
	 * A customer's token that expired an hour ago.
	 * @param customerId the customer
	 * @return the token
	 */
	public static String expired(String customerId) {
		return SIGNER.token(customerId, List.of(), Instant.now().minus(Duration.ofHours(2)), LIFETIME);
	}

	/**
	 * A customer's token signed by a key the service does not trust.
	 * @param customerId the customer
	 * @return the token
	 */
	public static String signedByAnotherKey(String customerId) {
		return new JwtSigner(JwtSigner.newKeyPair().getPrivate(), ISSUER).customer(customerId, LIFETIME);
	}

	/**
	 * An operator's token from another issuer, signed with the trusted key.
	 * @param issuer the issuer
	 * @return the token
	 */
	public static String operatorFrom(String issuer) {
		return SIGNER.withIssuer(issuer).operator(OPERATOR, LIFETIME);
	}

	/**
	 * The value of an {@code Authorization} header carrying a token.
	 * @param token the token
	 * @return {@code Bearer} and the token
	 */
	public static String bearer(String token) {
		return "Bearer " + token;
	}

}
