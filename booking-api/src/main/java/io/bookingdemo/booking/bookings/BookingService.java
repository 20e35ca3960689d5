package io.bookingdemo.booking.bookings;

import java.time.Clock;
import java.util.UUID;

import io.bookingdemo.booking.outbox.Outbox;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates and reads bookings. A new booking and its {@link BookingCreated} event are
 * written in one transaction.
 */
@Service
class BookingService {

	private final BookingRepository bookings;

	private final Outbox outbox;

	private final Clock clock;

	BookingService(BookingRepository bookings, Outbox outbox, Clock clock) {
		this.bookings = bookings;
		this.outbox = outbox;
		this.clock = clock;
	}

	@Transactional
	Booking create(CreateBookingRequest request) {
		Booking booking = this.bookings
			.save(new Booking(request.customerId(), request.customerEmail(), request.resourceId(), request.startDate(),
					request.endDate(), request.amount(), request.currency(), this.clock.instant()));
		this.outbox.append(BookingCreated.of(booking));
		return booking;
	}

	@Transactional(readOnly = true)
	Booking get(UUID id) {
		return this.bookings.findById(id).orElseThrow(() -> new BookingNotFoundException(id));
	}

	@Transactional(readOnly = true)
	Page<Booking> findByCustomer(String customerId, Pageable pageable) {
		return this.bookings.findByCustomerId(customerId, pageable);
	}

}
