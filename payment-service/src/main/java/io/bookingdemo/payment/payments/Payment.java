package io.bookingdemo.payment.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * The payment of one booking: captured, or declined when the amount is over the limit,
 * and a captured payment refunded when the booking is cancelled.
 */
@Entity
@Table(name = "payments")
class Payment {

	@Id
	private UUID id;

	private UUID bookingId;

	@Enumerated(EnumType.STRING)
	private PaymentStatus status;

	private BigDecimal amount;

	private String currency;

	private String reason;

	private UUID eventId;

	private Instant createdAt;

	private Instant refundedAt;

	// A wrapper type, so that Spring Data sees a new entity by its null version and
	// persists it instead of merging it.
	@Version
	private Long version;

	protected Payment() {
	}

	private Payment(UUID bookingId, PaymentStatus status, BigDecimal amount, String currency, String reason,
			UUID eventId, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.bookingId = Objects.requireNonNull(bookingId, "bookingId");
		this.status = status;
		this.amount = amount;
		this.currency = Objects.requireNonNull(currency, "currency");
		this.reason = reason;
		this.eventId = Objects.requireNonNull(eventId, "eventId");
		this.createdAt = inMicros(createdAt);
	}

	/**
	 * Takes the payment for a booking: captured up to the limit, declined above it.
	 * @param bookingId the booking
	 * @param amount the amount to take, positive with at most two decimal places
	 * @param currency its ISO 4217 currency
	 * @param limit the largest amount that is captured
	 * @param eventId the event that asked for the payment
	 * @param now the time of the decision
	 * @return the captured or declined payment
	 */
	static Payment take(UUID bookingId, BigDecimal amount, String currency, BigDecimal limit, UUID eventId,
			Instant now) {
		if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("Amount must be positive with at most two decimal places: " + amount);
		}
		BigDecimal exact = amount.setScale(2);
		if (exact.compareTo(limit) > 0) {
			String reason = "amount %s %s exceeds the limit of %s".formatted(exact.toPlainString(), currency,
					limit.setScale(2).toPlainString());
			return new Payment(bookingId, PaymentStatus.DECLINED, exact, currency, reason, eventId, now);
		}
		return new Payment(bookingId, PaymentStatus.CAPTURED, exact, currency, null, eventId, now);
	}

	/**
	 * Refunds the whole captured amount.
	 * @param now the time of the refund
	 * @throws IllegalStateException if the payment is not captured: a declined payment
	 * took no money and a refunded one has given it back
	 */
	void refund(Instant now) {
		if (this.status != PaymentStatus.CAPTURED) {
			throw new IllegalStateException("Payment " + this.id + " is " + this.status + ", only a "
					+ PaymentStatus.CAPTURED + " payment can be refunded");
		}
		this.status = PaymentStatus.REFUNDED;
		this.refundedAt = inMicros(now);
	}

	UUID id() {
		return this.id;
	}

	UUID bookingId() {
		return this.bookingId;
	}

	PaymentStatus status() {
		return this.status;
	}

	BigDecimal amount() {
		return this.amount;
	}

	String currency() {
		return this.currency;
	}

	String reason() {
		return this.reason;
	}

	UUID eventId() {
		return this.eventId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant refundedAt() {
		return this.refundedAt;
	}

	// PostgreSQL keeps microseconds; truncating keeps the entity, and the events that
	// carry its times, equal to what a later read returns.
	private static Instant inMicros(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

}
