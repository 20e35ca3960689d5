package io.bookingdemo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.bookingdemo.local.JwtSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The local demo's identity provider: makes the demo's signing key pair once and prints
 * tokens signed with it, or writes the tokens the demo's own tools use.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
		description = "Print a customer's or an operator's bearer token signed with the demo's key (12 h).")
final class TokenCommand implements Callable<Integer> {

	static final Duration LIFETIME = Duration.ofHours(12);

	// Minted again well before they expire, so that a token handed to a tool outlives its
	// use.
	static final Duration RENEWAL = Duration.ofHours(10);

	@Parameters(arity = "0..1", paramLabel = "CUSTOMER", description = "the customer the token is for")
	String customer;

	@Option(names = "--operator", description = "an operator's token instead")
	boolean operator;

	@Option(names = "--demo",
			description = "write the demo's own tokens instead, when older than 10 h: operator.token (Prometheus), "
					+ "operator.curl and customer.curl (curl configurations for the scenarios)")
	boolean demo;

	@Option(names = "--dir", defaultValue = ".demo/jwt",
			description = "the key pair's and the tokens' directory (default: ${DEFAULT-VALUE})")
	Path dir;

	@Option(names = "--issuer", defaultValue = "${sys:DEMO_JWT_ISSUER}",
			description = "the tokens' issuer (default: ${DEFAULT-VALUE})")
	String issuer;

	@Override
	public Integer call() throws IOException {
		JwtSigner signer = signer(this.dir, this.issuer);
		if (this.demo) {
			writeDemoTokens(signer, this.dir, Instant.now());
		}
		else if (this.operator) {
			System.out.println(signer.operator("operator", LIFETIME));
		}
		else if (this.customer != null && !this.customer.isBlank()) {
			System.out.println(signer.customer(this.customer, LIFETIME));
		}
		else {
			System.err.println("usage: loadgen token CUSTOMER | --operator | --demo");
			return 2;
		}
		return 0;
	}

	/**
	 * The signer of the demo's key pair, made first if it does not exist, readable by its
	 * owner only.
	 * @param dir the key pair's directory
	 * @param issuer the tokens' issuer
	 * @return the signer
	 * @throws IOException if the directory cannot be written
	 */
	static JwtSigner signer(Path dir, String issuer) throws IOException {
		Path privateKey = dir.resolve("signing-key.pem");
		Path publicKey = dir.resolve("signing-key.pub.pem");
		if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
			Files.createDirectories(dir);
			Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
			JwtSigner.writePem(JwtSigner.newKeyPair(), privateKey, publicKey);
			Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
		}
		return JwtSigner.fromPem(privateKey, issuer);
	}

	/**
	 * Writes the operator's token and the curl configurations of the operator and of the
	 * scenarios' customer, unless they are younger than {@link #RENEWAL}.
	 * @param signer the demo's signer
	 * @param dir where they go
	 * @param now the time now
	 * @return whether they were written
	 * @throws IOException if they cannot be written
	 */
	static boolean writeDemoTokens(JwtSigner signer, Path dir, Instant now) throws IOException {
		Path operatorToken = dir.resolve("operator.token");
		if (Files.exists(operatorToken) && Files.size(operatorToken) > 0
				&& Files.getLastModifiedTime(operatorToken).toInstant().isAfter(now.minus(RENEWAL))) {
			return false;
		}
		String operator = signer.operator("operator", LIFETIME);
		write(operatorToken, operator);
		write(dir.resolve("operator.curl"), curlHeader(operator));
		write(dir.resolve("customer.curl"), curlHeader(signer.customer("demo-customer", LIFETIME)));
		Files.setLastModifiedTime(operatorToken, FileTime.from(now));
		return true;
	}

	static String curlHeader(String token) {
		return "header = \"Authorization: Bearer " + token + "\"\n";
	}

	private static void write(Path file, String content) throws IOException {
		Files.writeString(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
	}

}
