package io.bookingdemo.payment.payments;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The payments taken.
 */
interface PaymentRepository extends JpaRepository<Payment, UUID> {

	List<Payment> findByBookingIdOrderByCreatedAtAscIdAsc(UUID bookingId);

	boolean existsByBookingId(UUID bookingId);

	Optional<Payment> findByBookingId(UUID bookingId);

}
