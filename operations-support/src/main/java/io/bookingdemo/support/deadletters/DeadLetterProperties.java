package io.bookingdemo.support.deadletters;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the failure records and of the dead-letter administration.
 *
 * @param failureRetention how long the record of a failed message is kept after its last
 * failure: longer than a dead-letter queue keeps the message (14 days in
 * {@code infra/topology.json}), so that an operator reading a dead letter still finds why
 * it failed
 * @param maxFailures the most failure records kept; the oldest beyond are purged
 * @param purgeInterval the pause between two purges of the failure records and the audit
 * @param auditRetention how long an entry of the audit is kept
 * @param redriveRate the most messages a redrive moves per second
 * @param listLimit the most messages a listing returns
 */
@Validated
@ConfigurationProperties("messaging.dead-letters")
public record DeadLetterProperties(@DefaultValue("30d") @NotNull @DurationMin(seconds = 0) Duration failureRetention,
		@DefaultValue("10000") @Min(1) int maxFailures,
		@DefaultValue("1h") @NotNull @DurationMin(millis = 100) Duration purgeInterval,
		@DefaultValue("90d") @NotNull @DurationMin(seconds = 0) Duration auditRetention,
		@DefaultValue("50") @Min(1) @Max(3000) int redriveRate, @DefaultValue("100") @Min(1) @Max(1000) int listLimit) {
}
