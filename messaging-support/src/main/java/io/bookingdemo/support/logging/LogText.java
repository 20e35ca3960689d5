package io.bookingdemo.support.logging;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from outside (a message's attributes or body, an exception about
 * one) safe to put in a log line: control characters and line separators are escaped, so
 * that they cannot start a forged line, and the text is cut to a length a log can hold.
 */
public final class LogText {

	/** The most characters of one value a log line shows. */
	public static final int MAX_LENGTH = 500;

	private LogText() {
	}

	/**
	 * The value's text, escaped and cut to {@value #MAX_LENGTH} characters.
	 * @param value the value, its {@code toString()} taken
	 * @return the text, or {@code "null"}
	 */
	public static String escape(@Nullable Object value) {
		return escape(value, MAX_LENGTH);
	}

	/**
	 * The value's text, escaped and cut to a length.
	 * @param value the value, its {@code toString()} taken
	 * @param maxLength the most characters of the value shown; what is cut is counted
	 * @return the text, or {@code "null"}
	 */
	public static String escape(@Nullable Object value, int maxLength) {
		String text = String.valueOf(value);
		int shown = Math.min(text.length(), maxLength);
		// A surrogate pair is kept whole or not at all.
		if (shown > 0 && shown < text.length() && Character.isHighSurrogate(text.charAt(shown - 1))) {
			shown--;
		}
		StringBuilder escaped = new StringBuilder(shown + 16);
		for (int i = 0; i < shown; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (isUnsafe(c)) {
						escaped.append("\\u").append(String.format("%04X", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		if (shown < text.length()) {
			escaped.append("...(").append(text.length() - shown).append(" more characters)");
		}
		return escaped.toString();
	}

	// C0 and C1 controls and DEL, the Unicode line and paragraph separators (which some
	// log viewers break lines at), and the bidirectional overrides and isolates (which
	// make a line read other than it is).
	private static boolean isUnsafe(char c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E')
				|| (c >= '\u2066' && c <= '\u2069');
	}

}
