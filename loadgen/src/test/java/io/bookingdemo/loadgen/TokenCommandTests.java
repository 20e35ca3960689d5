package io.bookingdemo.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import io.bookingdemo.local.JwtSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's key pair and its tools' tokens.
 */
class TokenCommandTests {

	@TempDir
	Path dir;

	@Test
	void makesTheKeyPairOnceReadableByItsOwnerOnly() throws IOException {
		TokenCommand.signer(this.dir, "http://localhost/booking-demo");
		String key = Files.readString(this.dir.resolve("signing-key.pem"));

		TokenCommand.signer(this.dir, "http://localhost/booking-demo");

		assertThat(Files.readString(this.dir.resolve("signing-key.pem"))).isEqualTo(key);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("signing-key.pem"))))
			.isEqualTo("rw-------");
	}

	@Test
	void writesTheDemosTokensAgainOnlyWhenTheyAreTenHoursOld() throws IOException {
		JwtSigner signer = TokenCommand.signer(this.dir, "http://localhost/booking-demo");
		Instant now = Instant.parse("2026-12-06T10:00:00Z");

		assertThat(TokenCommand.writeDemoTokens(signer, this.dir, now)).isTrue();
		assertThat(TokenCommand.writeDemoTokens(signer, this.dir, now.plus(Duration.ofHours(9)))).isFalse();
		assertThat(TokenCommand.writeDemoTokens(signer, this.dir, now.plus(Duration.ofHours(11)))).isTrue();
		assertThat(Files.readString(this.dir.resolve("operator.curl")))
			.startsWith("header = \"Authorization: Bearer ey")
			.contains(Files.readString(this.dir.resolve("operator.token")));
		assertThat(Files.readString(this.dir.resolve("customer.curl")))
			.startsWith("header = \"Authorization: Bearer ey");
	}

}
