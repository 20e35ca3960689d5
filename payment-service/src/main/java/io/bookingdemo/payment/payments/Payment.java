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
 * The payment of one booking: captured, or declined when the currency is not accepted,
 * the amount is over the limit or the booking expired first; a captured payment is
 * refunded when the booking is cancelled or expires.
 */
@Entity
@Table(name = "payments")
class Payment {

	/** The length of {@code payments.reason}, and the most a decline's reason says. */
	static final int MAX_REASON = 200;

	private static final String TRUNCATED = "... [truncated]";

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
	 * Takes the payment for a booking: declined in a currency that is not accepted or
	 * above the limit, captured otherwise.
	 * @param bookingId the booking
	 * @param amount the amount to take, positive with at most two decimal places
	 * @param currency its ISO 4217 currency
	 * @param accepted the currencies payments are taken in
	 * @param limit the largest amount that is captured
	 * @param eventId the event that asked for the payment
	 * @param now the time of the decision
	 * @return the captured or declined payment
	 */
	static Payment take(UUID bookingId, BigDecimal amount, String currency, AcceptedCurrencies accepted,
			BigDecimal limit, UUID eventId, Instant now) {
		if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("Amount must be positive with at most two decimal places: " + amount);
		}
		BigDecimal exact = amount.setScale(2);
		if (!accepted.accepts(currency)) {
			String reason = "currency %s is not accepted (accepted: %s)".formatted(currency, accepted);
			return new Payment(bookingId, PaymentStatus.DECLINED, exact, currency, bounded(reason), eventId, now);
		}
		if (exact.compareTo(limit) > 0) {
			String reason = "amount %s %s exceeds the limit of %s".formatted(exact.toPlainString(), currency,
					limit.setScale(2).toPlainString());
			return new Payment(bookingId, PaymentStatus.DECLINED, exact, currency, bounded(reason), eventId, now);
		}
		return new Payment(bookingId, PaymentStatus.CAPTURED, exact, currency, null, eventId, now);
	}

	/**
	 * Declines the payment of a booking that expired before its payment was taken, so
	 * that none is taken when the booking's request for it arrives late.
	 * @param bookingId the booking
	 * @param amount the booking's price, positive with at most two decimal places
	 * @param currency its ISO 4217 currency
	 * @param eventId the expiry event
	 * @param now the time of the decision
	 * @return the declined payment
	 */
	static Payment declineExpired(UUID bookingId, BigDecimal amount, String currency, UUID eventId, Instant now) {
		if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("Amount must be positive with at most two decimal places: " + amount);
		}
		return new Payment(bookingId, PaymentStatus.DECLINED, amount.setScale(2), currency,
				"booking expired before its payment was taken", eventId, now);
	}

	/**
	 * A decline's reason cut to {@link #MAX_REASON} characters, the last ones saying it
	 * was cut: the reason travels in {@code PaymentDeclined} to consumers whose columns
	 * are no longer than this one's.
	 * @param reason the reason
	 * @return the reason, whole if it fits
	 */
	static String bounded(String reason) {
		if (reason.length() <= MAX_REASON) {
			return reason;
		}
		int end = MAX_REASON - TRUNCATED.length();
		// Never half a surrogate pair.
		if (Character.isHighSurrogate(reason.charAt(end - 1))) {
			end--;
		}
		return reason.substring(0, end) + TRUNCATED;
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
