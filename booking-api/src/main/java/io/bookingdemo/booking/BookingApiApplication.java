package io.bookingdemo.booking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The booking API: takes bookings over REST and publishes their events through a
 * transactional outbox.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BookingApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(BookingApiApplication.class, args);
	}

}
