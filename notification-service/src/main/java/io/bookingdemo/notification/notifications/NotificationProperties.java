package io.bookingdemo.notification.notifications;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notifications.
 *
 * @param mailDelay how long the simulated mail server takes to accept each e-mail, to
 * show work that outlasts the queue's visibility timeout; none by default
 * @param mailRefusalRate the share of e-mails, from 0 to 1, that the simulated mail
 * server refuses the first time they are offered, to show a retry overtaken by a
 * booking's next event; none by default
 */
@Validated
@ConfigurationProperties("notification")
record NotificationProperties(
		@DefaultValue("0s") @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 10) Duration mailDelay,
		@DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double mailRefusalRate) {
}
