package io.bookingdemo.support.logging;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTests {

	@Test
	void leavesPlainTextAsItIs() {
		assertThat(LogText.escape("BookingCreated 42 EUR, Grüße")).isEqualTo("BookingCreated 42 EUR, Grüße");
	}

	static Stream<Arguments> unsafeCharacters() {
		return Stream.of(Arguments.of("a\nb", "a\\nb"), Arguments.of("a\rb", "a\\rb"), Arguments.of("a\tb", "a\\tb"),
				Arguments.of("a\u0000b", "a\\u0000b"), Arguments.of("a\u001Bb", "a\\u001Bb"),
				Arguments.of("a\u007Fb", "a\\u007Fb"), Arguments.of("a\u0085b", "a\\u0085b"),
				Arguments.of("a\u009Bb", "a\\u009Bb"), Arguments.of("a\u2028b", "a\\u2028b"),
				Arguments.of("a\u2029b", "a\\u2029b"), Arguments.of("a\u202Eb", "a\\u202Eb"));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("unsafeCharacters")
	void escapesWhatCouldBreakOrDisguiseALine(String text, String escaped) {
		assertThat(LogText.escape(text)).isEqualTo(escaped);
	}

	@Test
	void turnsAForgedLogLineIntoPartOfTheFirst() {
		String forged = "BookingCreated\n2026-12-06 07:00:00 INFO  Payment approved for booking 42";

		assertThat(LogText.escape(forged)).doesNotContain("\n")
			.isEqualTo("BookingCreated\\n2026-12-06 07:00:00 INFO  Payment approved for booking 42");
	}

	@Test
	void cutsLongTextAndSaysHowMuchIsCut() {
		String escaped = LogText.escape("x".repeat(10_000));

		assertThat(escaped).isEqualTo("x".repeat(LogText.MAX_LENGTH) + "...(9500 more characters)");
	}

	@Test
	void cutsToTheGivenLengthWithoutSplittingASurrogatePair() {
		assertThat(LogText.escape("ab\uD83D\uDE00cd", 3)).isEqualTo("ab...(4 more characters)");
	}

	@Test
	void showsNullAsNull() {
		assertThat(LogText.escape(null)).isEqualTo("null");
	}

}
