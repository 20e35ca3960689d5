package io.bookingdemo.booking.bookings;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BookingRepository extends JpaRepository<Booking, UUID>, NewBookings {

	Optional<Booking> findByIdAndCustomerId(UUID id, String customerId);

	Page<Booking> findByCustomerId(String customerId, Pageable pageable);

}
