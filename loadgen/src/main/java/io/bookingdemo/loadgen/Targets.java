package io.bookingdemo.loadgen;

import java.net.URI;
import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * Where the services answer; the defaults are the local demo's loopback ports, and the
 * generator sends to these addresses only, with tokens signed by the demo's key.
 */
final class Targets {

	@Option(names = "--api", defaultValue = "http://127.0.0.1:${sys:BOOKING_API_PORT}",
			description = "booking-api (default: ${DEFAULT-VALUE})")
	URI api;

	@Option(names = "--payments", defaultValue = "http://127.0.0.1:${sys:PAYMENT_SERVICE_PORT}",
			description = "payment-service (default: ${DEFAULT-VALUE})")
	URI payments;

	@Option(names = "--ledger", defaultValue = "http://127.0.0.1:${sys:LEDGER_SERVICE_PORT}",
			description = "ledger-service (default: ${DEFAULT-VALUE})")
	URI ledger;

	@Option(names = "--notifications", defaultValue = "http://127.0.0.1:${sys:NOTIFICATION_SERVICE_PORT}",
			description = "notification-service (default: ${DEFAULT-VALUE})")
	URI notifications;

	@Option(names = "--signing-key", defaultValue = ".demo/jwt/signing-key.pem",
			description = "the PEM private key the generator signs its tokens with (default: ${DEFAULT-VALUE})")
	Path signingKey;

	@Option(names = "--issuer", defaultValue = "${sys:DEMO_JWT_ISSUER}",
			description = "the issuer of the generator's tokens (default: ${DEFAULT-VALUE})")
	String issuer;

	URI of(Stage stage) {
		return switch (stage) {
			case CONFIRMATION -> this.api;
			case PAYMENT -> this.payments;
			case LEDGER -> this.ledger;
			case NOTIFICATION -> this.notifications;
		};
	}

}
