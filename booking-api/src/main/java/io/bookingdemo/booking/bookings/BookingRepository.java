package io.bookingdemo.booking.bookings;

import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface BookingRepository extends JpaRepository<Booking, UUID>, NewBookings {

	Page<Booking> findByCustomerId(String customerId, Pageable pageable);

}
