package io.bookingdemo.loadgen;

import java.io.PrintStream;
import java.util.function.IntPredicate;

import tools.jackson.databind.JsonNode;

/**
 * The search for the highest rate at which the whole saga is sustained: from the start
 * rate by steps of half again while every consumer keeps up (or of a third less while it
 * does not), then narrowed by two bisections between the highest rate sustained and the
 * last one not.
 */
final class SagaSearch {

	private final PrintStream out;

	private int best;

	private int failed;

	SagaSearch(PrintStream out) {
		this.out = out;
	}

	/**
	 * Tries rates until the highest sustained one is found.
	 * @param start the first rate tried, bookings per second
	 * @param sustained runs the saga at a rate and says whether every consumer kept up
	 * @return the highest rate sustained, zero if none was
	 */
	int highest(int start, IntPredicate sustained) {
		int rate = start;
		for (int step = 0; step < 4; step++) {
			if (!attempt(rate, sustained) && this.best > 0) {
				break;
			}
			rate = (this.best > 0) ? this.best * 3 / 2 : rate * 2 / 3;
		}
		for (int step = 0; step < 2 && this.best > 0 && this.failed > 0 && this.failed - this.best > 1; step++) {
			attempt((this.best + this.failed) / 2, sustained);
		}
		return this.best;
	}

	private boolean attempt(int rate, IntPredicate sustained) {
		if (sustained.test(rate)) {
			this.out.println("   bounded at " + rate + "/s");
			this.best = rate;
			return true;
		}
		this.out.println("   not bounded at " + rate + "/s");
		this.failed = rate;
		return false;
	}

	/**
	 * Whether a load run's report shows a sustained saga: every booking accepted, every
	 * running consumer had each exactly once, and each had them all within the slack
	 * after the last acceptance, so that no backlog was left growing.
	 * @param report the run's report
	 * @param slackSeconds how long after the last acceptance a consumer may finish
	 * @return whether the rate was sustained
	 */
	static boolean sustained(JsonNode report, double slackSeconds) {
		if (report == null || !report.path("complete").asBoolean(false)
				|| report.path("api").path("accepted").asLong(-1) != report.path("scheduled").asLong(-2)) {
			return false;
		}
		for (JsonNode consumer : report.path("consumers")) {
			JsonNode finished = consumer.path("finishedSecondsAfterLastAccepted");
			if (finished.isNumber() && finished.asDouble() > slackSeconds) {
				return false;
			}
		}
		return true;
	}

	/**
	 * How long after the last acceptance the consumers of a run may finish: a quarter of
	 * the run, at least five seconds.
	 * @param seconds the run's length
	 * @return the slack in seconds
	 */
	static int slack(int seconds) {
		return Math.max(seconds / 4, 5);
	}

}
