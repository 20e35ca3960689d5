package io.bookingdemo.booking.bookings;

import java.util.List;

import org.springframework.data.domain.Page;

/**
 * One page of a customer's bookings, newest first.
 */
record BookingPageResponse(List<BookingResponse> content, int page, int size, long totalElements, int totalPages) {

	static BookingPageResponse of(Page<Booking> page) {
		return new BookingPageResponse(page.map(BookingResponse::of).getContent(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
