package io.bookingdemo.booking.bookings;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
 * A booking of one resource by one customer for a stay of whole nights.
 */
@Entity
@Table(name = "bookings")
class Booking {

	@Id
	private UUID id;

	private String customerId;

	private String customerEmail;

	private String resourceId;

	private LocalDate startDate;

	private LocalDate endDate;

	private BigDecimal amount;

	private String currency;

	@Enumerated(EnumType.STRING)
	private BookingStatus status;

	private Instant createdAt;

	private UUID paymentId;

	private String rejectionReason;

	private Instant decidedAt;

	// A wrapper type, so that Spring Data sees a new entity by its null version and
	// persists it instead of merging it.
	@Version
	private Long version;

	protected Booking() {
	}

	Booking(String customerId, String customerEmail, String resourceId, LocalDate startDate, LocalDate endDate,
			BigDecimal amount, String currency, Instant createdAt) {
		if (!endDate.isAfter(startDate)) {
			throw new IllegalArgumentException("endDate must be after startDate");
		}
		if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
			throw new IllegalArgumentException("amount must be positive with at most two decimal places");
		}
		this.id = UUID.randomUUID();
		this.customerId = Objects.requireNonNull(customerId);
		this.customerEmail = Objects.requireNonNull(customerEmail);
		this.resourceId = Objects.requireNonNull(resourceId);
		this.startDate = startDate;
		this.endDate = endDate;
		this.amount = amount.setScale(2);
		this.currency = Objects.requireNonNull(currency);
		this.status = BookingStatus.PENDING;
		// PostgreSQL keeps microseconds; truncating here makes the answer to POST equal a
		// later GET.
		this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The payment was captured: the booking holds.
	 * @param paymentId the captured payment
	 * @param at when the outcome was applied
	 * @throws BookingStateException unless the booking is pending
	 */
	void confirm(UUID paymentId, Instant at) {
		requireStatus(BookingStatus.PENDING, "be confirmed");
		this.status = BookingStatus.CONFIRMED;
		this.paymentId = Objects.requireNonNull(paymentId);
		this.decidedAt = at.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The payment was declined: the booking is rejected and frees its dates.
	 * @param paymentId the declined payment
	 * @param reason why the payment was declined
	 * @param at when the outcome was applied
	 * @throws BookingStateException unless the booking is pending
	 */
	void reject(UUID paymentId, String reason, Instant at) {
		requireStatus(BookingStatus.PENDING, "be rejected");
		this.status = BookingStatus.REJECTED;
		this.paymentId = Objects.requireNonNull(paymentId);
		this.rejectionReason = Objects.requireNonNull(reason);
		this.decidedAt = at.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The customer cancels: the booking frees its dates and its payment is to be
	 * refunded.
	 * @throws BookingStateException unless the booking is confirmed
	 */
	void cancel() {
		requireStatus(BookingStatus.CONFIRMED, "be cancelled");
		this.status = BookingStatus.CANCELLED;
	}

	/**
	 * No payment outcome came in time: the booking expires and frees its dates; a payment
	 * captured later is refunded by the payments, not applied here.
	 * @param at when the booking expired
	 * @throws BookingStateException unless the booking is pending
	 */
	void expire(Instant at) {
		requireStatus(BookingStatus.PENDING, "expire");
		this.status = BookingStatus.EXPIRED;
		this.decidedAt = at.truncatedTo(ChronoUnit.MICROS);
	}

	private void requireStatus(BookingStatus required, String action) {
		if (this.status != required) {
			throw new BookingStateException(this.id, this.status, action, required);
		}
	}

	UUID id() {
		return this.id;
	}

	String customerId() {
		return this.customerId;
	}

	String customerEmail() {
		return this.customerEmail;
	}

	String resourceId() {
		return this.resourceId;
	}

	LocalDate startDate() {
		return this.startDate;
	}

	LocalDate endDate() {
		return this.endDate;
	}

	BigDecimal amount() {
		return this.amount;
	}

	String currency() {
		return this.currency;
	}

	BookingStatus status() {
		return this.status;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	UUID paymentId() {
		return this.paymentId;
	}

	String rejectionReason() {
		return this.rejectionReason;
	}

	Instant decidedAt() {
		return this.decidedAt;
	}

}
