package io.bookingdemo.booking.bookings;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the expiry of pending bookings.
 *
 * @param paymentTimeout how long a booking waits for its payment outcome before it
 * expires and frees its dates
 * @param checkInterval how often the expiry looks for overdue bookings
 * @param batchSize how many bookings one transaction expires, so that a backlog never
 * holds many row locks at once
 */
@Validated
@ConfigurationProperties("booking.expiry")
record ExpiryProperties(@NotNull Duration paymentTimeout, @NotNull Duration checkInterval,
		@Min(1) @Max(1000) int batchSize) {

}
