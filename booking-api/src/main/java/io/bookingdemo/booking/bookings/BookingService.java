package io.bookingdemo.booking.bookings;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.bookingdemo.support.outbox.Outbox;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, cancels and reads bookings. Every change and its event are written in one
 * transaction.
 */
@Service
class BookingService {

	// PostgreSQL's exclusion_violation, raised by the bookings_no_overlap constraint.
	private static final String EXCLUSION_VIOLATION = "23P01";

	private final BookingRepository bookings;

	private final IdempotencyKeys idempotencyKeys;

	private final Outbox outbox;

	private final Clock clock;

	BookingService(BookingRepository bookings, IdempotencyKeys idempotencyKeys, Outbox outbox, Clock clock) {
		this.bookings = bookings;
		this.idempotencyKeys = idempotencyKeys;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Books a resource, or answers a retry with the response to the first request made
	 * with the same idempotency key.
	 * @param request the booking request
	 * @param idempotencyKey the client's key, if it sent one
	 * @return the booking as the API shows it, and whether it is a replay
	 * @throws BookingOverlapException if the dates overlap a live booking of the resource
	 * @throws IdempotencyKeyReusedException if the key came with another body before
	 */
	@Transactional
	Created create(CreateBookingRequest request, @Nullable String idempotencyKey) {
		Booking booking = new Booking(request.customerId(), request.customerEmail(), request.resourceId(),
				request.startDate(), request.endDate(), request.amount(), request.currency(), this.clock.instant());
		BookingResponse response = BookingResponse.of(booking);
		if (idempotencyKey != null) {
			Optional<BookingResponse> earlier = this.idempotencyKeys.claim(idempotencyKey, request, response);
			if (earlier.isPresent()) {
				return new Created(earlier.get(), true);
			}
		}
		insert(booking, request);
		this.outbox.append(BookingCreated.of(booking));
		return new Created(response, false);
	}

	/**
	 * Cancels a customer's confirmed booking, which frees its dates and asks for a
	 * refund.
	 * @param id the booking
	 * @param customerId the customer who asks
	 * @return the cancelled booking
	 * @throws BookingNotFoundException unless the customer has a booking with this id
	 * @throws BookingStateException unless the booking is confirmed
	 */
	@Transactional
	Booking cancel(UUID id, String customerId) {
		Booking booking = get(id, customerId);
		booking.cancel();
		this.outbox.append(BookingCancelled.of(booking, this.clock.instant()));
		return booking;
	}

	/**
	 * Finds a customer's booking. Another customer's booking is not found, so that its
	 * existence is not revealed.
	 * @param id the booking
	 * @param customerId the customer who asks
	 * @return the booking
	 * @throws BookingNotFoundException unless the customer has a booking with this id
	 */
	@Transactional(readOnly = true)
	Booking get(UUID id) {
		return this.bookings.findById(id).orElseThrow(() -> new BookingNotFoundException(id));
	}

	@Transactional(readOnly = true)
	Booking get(UUID id, String customerId) {
		return this.bookings.findByIdAndCustomerId(id, customerId).orElseThrow(() -> new BookingNotFoundException(id));
	}

	@Transactional(readOnly = true)
	Page<Booking> findByCustomer(String customerId, Pageable pageable) {
		return this.bookings.findByCustomerId(customerId, pageable);
	}

	// One insert statement, so that the overlap constraint answers inside this method.
	private Booking insert(Booking booking, CreateBookingRequest request) {
		try {
			this.bookings.insert(booking);
			return booking;
		}
		catch (DataIntegrityViolationException ex) {
			if (ex.getMostSpecificCause() instanceof SQLException sql
					&& EXCLUSION_VIOLATION.equals(sql.getSQLState())) {
				throw new BookingOverlapException(request, ex);
			}
			throw ex;
		}
	}

	/**
	 * The outcome of a create request.
	 *
	 * @param booking the booking as the API shows it
	 * @param replayed whether this answers a retry with the first response
	 */
	record Created(BookingResponse booking, boolean replayed) {
	}

}
