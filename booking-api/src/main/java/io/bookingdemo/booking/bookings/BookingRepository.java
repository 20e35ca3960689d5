package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.NativeQuery;

interface BookingRepository extends JpaRepository<Booking, UUID>, NewBookings {

	Optional<Booking> findByIdAndCustomerId(UUID id, String customerId);

	Page<Booking> findByCustomerId(String customerId, Pageable pageable);

	/**
	 * Locks the oldest pending bookings created before a time, skipping those another
	 * transaction holds (a payment outcome being applied, or another instance's expiry).
	 * @param before the creation time before which a booking is overdue
	 * @param limit at most this many
	 * @return the locked bookings
	 */
	@NativeQuery("""
			select * from bookings where status = 'PENDING' and created_at < ?1
			order by created_at limit ?2 for update skip locked
			""")
	List<Booking> lockPendingCreatedBefore(Instant before, int limit);

}
