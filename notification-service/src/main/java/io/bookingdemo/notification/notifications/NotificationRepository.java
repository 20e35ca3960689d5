package io.bookingdemo.notification.notifications;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The notifications sent.
 */
interface NotificationRepository extends JpaRepository<Notification, UUID> {

	List<Notification> findByBookingIdOrderByCreatedAtAscIdAsc(UUID bookingId);

	boolean existsByBookingIdAndType(UUID bookingId, NotificationType type);

	Optional<Notification> findFirstByBookingIdOrderByCreatedAtDescIdDesc(UUID bookingId);

}
