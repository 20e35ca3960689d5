package io.bookingdemo.booking.bookings;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.outbox.Outbox;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires the pending bookings whose payment outcome did not come within the payment
 * timeout, a small batch per transaction, each with its {@code BookingExpired} event.
 * Several instances can run it at once: each locks the rows it takes and skips those
 * another holds.
 */
@Component
class BookingExpiry {

	private static final Logger logger = LoggerFactory.getLogger(BookingExpiry.class);

	private final BookingRepository bookings;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final ExpiryProperties properties;

	private final Clock clock;

	BookingExpiry(BookingRepository bookings, Outbox outbox, TransactionTemplate transactions,
			ExpiryProperties properties, Clock clock) {
		this.bookings = bookings;
		this.outbox = outbox;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${booking.expiry.check-interval}")
	void expireOverdue() {
		int expired;
		do {
			expired = this.transactions.execute((status) -> expireBatch());
		}
		while (expired == this.properties.batchSize());
	}

	private int expireBatch() {
		Instant now = this.clock.instant();
		List<Booking> overdue = this.bookings.lockPendingCreatedBefore(now.minus(this.properties.paymentTimeout()),
				this.properties.batchSize());
		String reason = "no payment outcome within " + this.properties.paymentTimeout();
		for (Booking booking : overdue) {
			booking.expire(now);
			this.outbox.append(BookingExpired.of(booking, reason));
			logger.info("Booking {} is EXPIRED: {}", booking.id(), reason);
		}
		return overdue.size();
	}

}
