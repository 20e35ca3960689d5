package io.bookingdemo.notification.notifications;

import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The notifications resource: what was sent about a booking.
 */
@RestController
@RequestMapping(path = "/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	List<NotificationResponse> findByBooking(@RequestParam UUID bookingId) {
		return this.notifications.findByBookingIdOrderByCreatedAtAscIdAsc(bookingId)
			.stream()
			.map(NotificationResponse::of)
			.toList();
	}

}
