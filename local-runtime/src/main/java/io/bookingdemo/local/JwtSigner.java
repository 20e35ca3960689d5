package io.bookingdemo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mints RS256 JWT bearer tokens the way the services' identity provider does, for the
 * tests, the local demo and the load generator: issuer, subject, lifetime and, for an
 * operator, the {@code cognito:groups} claim naming {@code operators}. It uses the JDK
 * only, so that the load generator can carry it without the rest of this module.
 */
public final class JwtSigner {

	/** The claim that lists the caller's groups, as Amazon Cognito writes it. */
	public static final String GROUPS_CLAIM = "cognito:groups";

	/** The group whose members are operators. */
	public static final String OPERATOR_GROUP = "operators";

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static final String HEADER = BASE64URL
		.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

	private final PrivateKey key;

	private final String issuer;

	/**
	 * Creates a signer.
	 * @param key the RSA private key that signs
	 * @param issuer the {@code iss} claim of every token
	 */
	public JwtSigner(PrivateKey key, String issuer) {
		this.key = key;
		this.issuer = issuer;
	}

	/**
	 * Creates a signer with a private key read from a PKCS#8 PEM file.
	 * @param privateKeyPem the file
	 * @param issuer the {@code iss} claim of every token
	 * @return the signer
	 */
	public static JwtSigner fromPem(Path privateKeyPem, String issuer) {
		try {
			String pem = Files.readString(privateKeyPem);
			byte[] der = Base64.getMimeDecoder()
				.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
			return new JwtSigner(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)), issuer);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException(privateKeyPem + " holds no PKCS#8 RSA private key", ex);
		}
	}

	/**
	 * A new 2048-bit RSA key pair.
	 * @return the key pair
	 */
	public static KeyPair newKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("RSA is required of every Java platform", ex);
		}
	}

	/**
	 * Writes a key pair as PEM files: the private key as PKCS#8, readable by its owner
	 * only, and the public key as X.509 {@code SubjectPublicKeyInfo}.
	 * @param keys the key pair
	 * @param privateKeyPem where the private key goes
	 * @param publicKeyPem where the public key goes
	 */
	public static void writePem(KeyPair keys, Path privateKeyPem, Path publicKeyPem) {
		try {
			Files.writeString(privateKeyPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
			privateKeyPem.toFile().setReadable(false, false);
			privateKeyPem.toFile().setReadable(true, true);
			Files.writeString(publicKeyPem, pem("PUBLIC KEY", keys.getPublic().getEncoded()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The PEM text of a public key.
	 * @param key the key
	 * @return its X.509 {@code SubjectPublicKeyInfo} as PEM
	 */
	public static String pem(PublicKey key) {
		return pem("PUBLIC KEY", key.getEncoded());
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/**
	 * A signer with the same key for another issuer.
	 * @param otherIssuer the {@code iss} claim of its tokens
	 * @return the signer
	 */
	public JwtSigner withIssuer(String otherIssuer) {
		return new JwtSigner(this.key, otherIssuer);
	}

	/**
	 * A customer's token, valid from now for the given time.
	 * @param subject the customer's id
	 * @param lifetime how long the token is valid
	 * @return the signed token
	 */
	public String customer(String subject, Duration lifetime) {
		return token(subject, List.of(), Instant.now(), lifetime);
	}

	/**
	 * An operator's token, valid from now for the given time.
	 * @param subject the operator's id
	 * @param lifetime how long the token is valid
	 * @return the signed token
	 */
	public String operator(String subject, Duration lifetime) {
		return token(subject, List.of(OPERATOR_GROUP), Instant.now(), lifetime);
	}

	/**
	 * A token.
	 * @param subject the {@code sub} claim
	 * @param groups the groups of the {@code cognito:groups} claim, none for no claim
	 * @param issuedAt the {@code iat} claim
	 * @param lifetime the time from {@code iat} to {@code exp}
	 * @return the signed token
	 */
	public String token(String subject, List<String> groups, Instant issuedAt, Duration lifetime) {
		StringBuilder claims = new StringBuilder("{\"iss\":").append(string(this.issuer))
			.append(",\"sub\":")
			.append(string(subject))
			.append(",\"token_use\":\"access\",\"iat\":")
			.append(issuedAt.getEpochSecond())
			.append(",\"exp\":")
			.append(issuedAt.plus(lifetime).getEpochSecond());
		if (!groups.isEmpty()) {
			claims.append(",\"")
				.append(GROUPS_CLAIM)
				.append("\":[")
				.append(groups.stream().map(JwtSigner::string).collect(Collectors.joining(",")))
				.append(']');
		}
		String signed = HEADER + "."
				+ BASE64URL.encodeToString(claims.append('}').toString().getBytes(StandardCharsets.UTF_8));
		return signed + "." + BASE64URL.encodeToString(sign(signed.getBytes(StandardCharsets.US_ASCII)));
	}

	private byte[] sign(byte[] content) {
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(this.key);
			signature.update(content);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not sign with " + this.key.getAlgorithm(), ex);
		}
	}

	private static String string(String value) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

}
