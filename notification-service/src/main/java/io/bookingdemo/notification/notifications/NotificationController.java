package io.bookingdemo.notification.notifications;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "notifications", description = "What was sent to customers about bookings, for operators")
class NotificationController {

	private final NotificationRepository notifications;

	NotificationController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	@GetMapping
	@Operation(summary = "Lists the notifications sent about a booking, oldest first",
			description = "An unknown booking has none.")
	List<NotificationResponse> findByBooking(@RequestParam UUID bookingId) {
		return this.notifications.findByBookingIdOrderByCreatedAtAscIdAsc(bookingId)
			.stream()
			.map(NotificationResponse::of)
			.toList();
	}

}
