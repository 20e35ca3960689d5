package io.bookingdemo.support.consumer;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an event handler did with its event, for the idempotent consumer to record: the
 * event was applied, or it was ignored, with the reason an operator reads in
 * {@code processed_events.ignored_because}.
 */
public final class Outcome {

	private static final Outcome APPLIED = new Outcome(null);

	private final @Nullable String ignoredBecause;

	private Outcome(@Nullable String ignoredBecause) {
		this.ignoredBecause = ignoredBecause;
	}

	/**
	 * The event had its effect.
	 * @return the outcome
	 */
	public static Outcome applied() {
		return APPLIED;
	}

	/**
	 * The event had no effect, for a reason that is no fault of the message, for example
	 * because an earlier event already had the same effect.
	 * @param reason why the event had no effect
	 * @return the outcome
	 */
	public static Outcome ignored(String reason) {
		return new Outcome(Objects.requireNonNull(reason, "reason is missing"));
	}

	/**
	 * Whether the event was ignored.
	 * @return {@code true} if the event had no effect
	 */
	public boolean isIgnored() {
		return this.ignoredBecause != null;
	}

	/**
	 * Why the event was ignored.
	 * @return the reason, or {@code null} if the event was applied
	 */
	public @Nullable String ignoredBecause() {
		return this.ignoredBecause;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Outcome outcome && Objects.equals(this.ignoredBecause, outcome.ignoredBecause);
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.ignoredBecause);
	}

	@Override
	public String toString() {
		return isIgnored() ? "ignored because " + this.ignoredBecause : "applied";
	}

}
