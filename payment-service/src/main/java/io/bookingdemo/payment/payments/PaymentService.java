package io.bookingdemo.payment.payments;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.Outcome;
import io.bookingdemo.support.logging.LogText;
import io.bookingdemo.support.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes the payment each new booking asks for and refunds it when the booking is
 * cancelled or expires, and publishes the outcome through the outbox.
 */
@Service
public class PaymentService {

	private static final Logger logger = LoggerFactory.getLogger(PaymentService.class);

	private final PaymentRepository payments;

	private final Outbox outbox;

	private final PaymentProperties properties;

	private final AcceptedCurrencies currencies = AcceptedCurrencies.fromContract();

	private final Clock clock;

	PaymentService(PaymentRepository payments, Outbox outbox, PaymentProperties properties, Clock clock) {
		this.payments = payments;
		this.outbox = outbox;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Captures or declines the payment for a new booking, unless another event already
	 * took it, or the booking's expiry, arriving first, declined it. A currency that is
	 * not accepted is declined: the customer's booking ends, nothing waits in a
	 * dead-letter queue.
	 * @param eventId the id of the event that asks for the payment, kept with it
	 * @param bookingId the booking
	 * @param amount the booking's price
	 * @param currency the price's ISO 4217 currency
	 * @return applied, or ignored if the booking already has its payment
	 */
	@Transactional
	public Outcome take(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		if (this.payments.existsByBookingId(bookingId)) {
			return Outcome.ignored("booking " + bookingId + " already has its payment");
		}
		Payment payment = this.payments.save(Payment.take(bookingId, amount, currency, this.currencies,
				this.properties.declineAbove(), eventId, this.clock.instant()));
		this.outbox.append((payment.status() == PaymentStatus.CAPTURED) ? PaymentCaptured.of(payment)
				: PaymentDeclined.of(payment));
		logger.info("Payment {} {} {} for booking {}", payment.status(), payment.amount(),
				LogText.escape(payment.currency()), payment.bookingId());
		return Outcome.applied();
	}

	/**
	 * Compensates a booking that expired without a payment outcome: a captured payment is
	 * refunded; a booking with no payment yet gets a declined one, so that its
	 * {@code BookingCreated}, arriving late, takes none, and the ledger reverses the
	 * booking as for any decline.
	 * @param eventId the id of the expiry event, kept with a payment it declines
	 * @param bookingId the expired booking
	 * @param amount the booking's price
	 * @param currency the price's ISO 4217 currency
	 * @return applied, or ignored if the payment was declined or is already refunded
	 */
	@Transactional
	public Outcome expire(UUID eventId, UUID bookingId, BigDecimal amount, String currency) {
		// A BookingCreated handled at the same time inserts a payment too: the unique
		// booking id fails one of the two, whose next delivery sees the other's payment.
		Optional<Payment> payment = this.payments.findByBookingId(bookingId);
		if (payment.isPresent()) {
			return refund(payment.get());
		}
		Payment declined = this.payments
			.save(Payment.declineExpired(bookingId, amount, currency, eventId, this.clock.instant()));
		this.outbox.append(PaymentDeclined.of(declined));
		logger.info("Payment DECLINED {} {} for booking {}: {}", declined.amount(), declined.currency(), bookingId,
				declined.reason());
		return Outcome.applied();
	}

	/**
	 * Refunds the captured payment of a cancelled booking; a payment that is declined or
	 * already refunded is left as it is.
	 * @param bookingId the cancelled booking
	 * @return applied, or ignored if there is nothing to refund
	 * @throws PaymentNotFoundException if the booking has no payment (yet), so that the
	 * event is delivered again and, if the payment never appears, ends in the dead-letter
	 * queue for an operator to see
	 */
	@Transactional
	public Outcome refund(UUID bookingId) {
		// A cancellation can overtake its BookingCreated: failing rolls back the
		// processed-event record too, so a later delivery finds the payment and refunds.
		Payment payment = this.payments.findByBookingId(bookingId)
			.orElseThrow(() -> new PaymentNotFoundException(bookingId));
		return refund(payment);
	}

	private Outcome refund(Payment payment) {
		return switch (payment.status()) {
			case CAPTURED -> {
				payment.refund(this.clock.instant());
				this.outbox.append(PaymentRefunded.of(payment));
				logger.info("Payment {} REFUNDED {} {} for booking {}", payment.id(), payment.amount(),
						LogText.escape(payment.currency()), payment.bookingId());
				yield Outcome.applied();
			}
			case REFUNDED -> Outcome
				.ignored("payment " + payment.id() + " of booking " + payment.bookingId() + " is already refunded");
			case DECLINED -> Outcome.ignored("payment " + payment.id() + " of booking " + payment.bookingId()
					+ " was declined, nothing to refund");
		};
	}

}
