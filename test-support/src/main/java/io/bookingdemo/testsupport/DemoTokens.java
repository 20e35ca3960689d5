package io.bookingdemo.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local demo's identity provider on the command line: makes the demo's signing key
 * pair once, and prints tokens signed with it.
 * <p>
 * {@code keys DIR} writes {@code DIR/signing-key.pem} (private) and
 * {@code DIR/signing-key.pub.pem} (public) unless they exist; {@code token DIR ISSUER
 * SUBJECT [operator]} prints a token for SUBJECT, an operator's with {@code operator},
 * valid for {@value #LIFETIME_HOURS} hours.
 */
public final class DemoTokens {

	/** The private key's file name. */
	public static final String PRIVATE_KEY = "signing-key.pem";

	/** The public key's file name. */
	public static final String PUBLIC_KEY = "signing-key.pub.pem";

	private static final int LIFETIME_HOURS = 12;

	private DemoTokens() {
	}

	public static void main(String[] args) {
		if (args.length == 2 && args[0].equals("keys")) {
			Path dir = Path.of(args[1]);
			if (!Files.exists(dir.resolve(PRIVATE_KEY)) || !Files.exists(dir.resolve(PUBLIC_KEY))) {
				JwtSigner.writePem(JwtSigner.newKeyPair(), dir.resolve(PRIVATE_KEY), dir.resolve(PUBLIC_KEY));
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
		System.err.println("usage: DemoTokens keys DIR | DemoTokens token DIR ISSUER SUBJECT [operator]");
		System.exit(2);
	}

}
