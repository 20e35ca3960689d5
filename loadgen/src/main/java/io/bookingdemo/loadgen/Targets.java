package io.bookingdemo.loadgen;

import java.net.URI;

import picocli.CommandLine.Option;

/**
 * Where the services answer; the defaults are the local demo's loopback ports, and the
 * generator sends to these addresses only.
 */
final class Targets {

	@Option(names = "--api", defaultValue = "http://127.0.0.1:8080",
			description = "booking-api (default: ${DEFAULT-VALUE})")
	URI api;

	@Option(names = "--payments", defaultValue = "http://127.0.0.1:8081",
			description = "payment-service (default: ${DEFAULT-VALUE})")
	URI payments;

	@Option(names = "--ledger", defaultValue = "http://127.0.0.1:8082",
			description = "ledger-service (default: ${DEFAULT-VALUE})")
	URI ledger;

	@Option(names = "--notifications", defaultValue = "http://127.0.0.1:8083",
			description = "notification-service (default: ${DEFAULT-VALUE})")
	URI notifications;

	URI of(Stage stage) {
		return switch (stage) {
			case CONFIRMATION -> this.api;
			case PAYMENT -> this.payments;
			case LEDGER -> this.ledger;
			case NOTIFICATION -> this.notifications;
		};
	}

}
