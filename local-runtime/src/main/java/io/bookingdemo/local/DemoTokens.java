package io.bookingdemo.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The local demo's identity provider on the command line: makes the demo's signing key
 * pair once, and prints tokens signed with it.
 * <p>
 * {@code keys DIR} writes {@code DIR/signing-key.pem} (private) and
 * {@code DIR/signing-key.pub.pem} (public) unless they exist; {@code token DIR ISSUER
 * SUBJECT [operator]} prints a token for SUBJECT, an operator's with {@code operator},
 * valid for {@value #LIFETIME_HOURS} hours; {@code init KEYS PUBLIC ISSUER}, for Docker
 * Compose, makes the key pair in KEYS unless it exists and writes what others may read to
 * PUBLIC: the public key and {@code operator.token}, an operator's token for Prometheus
 * valid for {@value #SCRAPE_LIFETIME_DAYS} days.
 */
public final class DemoTokens {

	/** The private key's file name. */
	public static final String PRIVATE_KEY = "signing-key.pem";

	/** The public key's file name. */
	public static final String PUBLIC_KEY = "signing-key.pub.pem";

	/** The file of the operator's token that {@code init} writes. */
	public static final String OPERATOR_TOKEN = "operator.token";

	private static final int LIFETIME_HOURS = 12;

	// Prometheus scrapes with one token for as long as Compose runs; it is minted again
	// at
	// every start.
	private static final int SCRAPE_LIFETIME_DAYS = 30;

	private DemoTokens() {
	}

	public static void main(String[] args) {
		if (args.length == 2 && args[0].equals("keys")) {
			keys(Path.of(args[1]));
			return;
		}
		if (args.length == 4 && args[0].equals("init")) {
			Path keys = Path.of(args[1]);
			Path published = Path.of(args[2]);
			keys(keys);
			JwtSigner signer = JwtSigner.fromPem(keys.resolve(PRIVATE_KEY), args[3]);
			try {
				Files.copy(keys.resolve(PUBLIC_KEY), published.resolve(PUBLIC_KEY),
						StandardCopyOption.REPLACE_EXISTING);
				Files.writeString(published.resolve(OPERATOR_TOKEN),
						signer.operator("operator", Duration.ofDays(SCRAPE_LIFETIME_DAYS)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return;
		}
		if ((args.length == 4 || (args.length == 5 && args[4].equals("operator"))) && args[0].equals("token")) {
			JwtSigner signer = JwtSigner.fromPem(Path.of(args[1]).resolve(PRIVATE_KEY), args[2]);
			Duration lifetime = Duration.ofHours(LIFETIME_HOURS);
			System.out
				.println((args.length == 5) ? signer.operator(args[3], lifetime) : signer.customer(args[3], lifetime));
			return;
		}
		System.err
			.println("usage: DemoTokens keys DIR | token DIR ISSUER SUBJECT [operator] | init KEYS PUBLIC ISSUER");
		System.exit(2);
	}

	private static void keys(Path dir) {
		if (!Files.exists(dir.resolve(PRIVATE_KEY)) || !Files.exists(dir.resolve(PUBLIC_KEY))) {
			JwtSigner.writePem(JwtSigner.newKeyPair(), dir.resolve(PRIVATE_KEY), dir.resolve(PUBLIC_KEY));
		}
	}

}
