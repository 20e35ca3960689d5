package io.bookingdemo.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search for the highest sustained saga rate, against a pretend demo that keeps up to
 * a known rate, and the test of one run's report.
 */
class SagaSearchTests {

	private final List<Integer> tried = new ArrayList<>();

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final SagaSearch search = new SagaSearch(new PrintStream(this.printed, true, StandardCharsets.UTF_8));

	@Test
	void climbsByHalfAgainThenBisects() {
		int best = this.search.highest(40, this::keepsUpTo100);

		assertThat(this.tried).containsExactly(40, 60, 90, 135, 112, 101);
		assertThat(best).isEqualTo(90);
		assertThat(this.printed.toString(StandardCharsets.UTF_8)).startsWith("   bounded at 40/s")
			.contains("   not bounded at 135/s");
	}

	@Test
	void stepsDownByAThirdUntilARateIsSustained() {
		int best = this.search.highest(40, (rate) -> {
			this.tried.add(rate);
			return rate <= 20;
		});

		assertThat(this.tried).containsExactly(40, 26, 17, 25, 21, 19);
		assertThat(best).isEqualTo(19);
	}

	@Test
	void findsNothingWhenNoRateIsSustained() {
		assertThat(this.search.highest(40, (rate) -> {
			this.tried.add(rate);
			return false;
		})).isZero();
		assertThat(this.tried).containsExactly(40, 26, 17, 11);
	}

	@Test
	void sustainedOnlyWhenCompleteAcceptedAndNoConsumerFellBehind() {
		JsonMapper json = JsonMapper.builder().build();
		String report = "{\"complete\": %s, \"scheduled\": 100, \"api\": {\"accepted\": %d}, \"consumers\": "
				+ "{\"payment\": {\"finishedSecondsAfterLastAccepted\": %s}, \"confirmation\": {}}}";

		assertThat(SagaSearch.sustained(json.readTree(report.formatted("true", 100, "4.5")), 5)).isTrue();
		assertThat(SagaSearch.sustained(json.readTree(report.formatted("true", 100, "5.5")), 5)).isFalse();
		assertThat(SagaSearch.sustained(json.readTree(report.formatted("true", 99, "1")), 5)).isFalse();
		assertThat(SagaSearch.sustained(json.readTree(report.formatted("false", 100, "1")), 5)).isFalse();
		assertThat(SagaSearch.slack(20)).isEqualTo(5);
		assertThat(SagaSearch.slack(60)).isEqualTo(15);
	}

	private boolean keepsUpTo100(int rate) {
		this.tried.add(rate);
		return rate <= 100;
	}

}
