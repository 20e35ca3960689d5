package io.bookingdemo.booking.bookings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A booking as the API shows it; the amount is a decimal string with two places, the
 * payment id and the time of the decision are set once the payment outcome arrived, the
 * rejection reason only for a rejected booking.
 */
record BookingResponse(UUID id, String status, String customerId, String customerEmail, String resourceId,
		LocalDate startDate, LocalDate endDate, String amount, String currency, Instant createdAt, UUID paymentId,
		String rejectionReason, Instant decidedAt) {

	static BookingResponse of(Booking booking) {
		return new BookingResponse(booking.id(), booking.status().name(), booking.customerId(), booking.customerEmail(),
				booking.resourceId(), booking.startDate(), booking.endDate(), booking.amount().toPlainString(),
				booking.currency(), booking.createdAt(), booking.paymentId(), booking.rejectionReason(),
				booking.decidedAt());
	}

}
