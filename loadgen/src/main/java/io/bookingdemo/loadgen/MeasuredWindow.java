package io.bookingdemo.loadgen;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/**
 * The options of a closed-loop measurement: how long it is measured, after how long an
 * unmeasured start, and where its figures go.
 */
final class MeasuredWindow {

	@Option(names = "--duration", defaultValue = "PT10S", description = "measured time (default: ${DEFAULT-VALUE})")
	Duration duration;

	@Option(names = "--warmup", defaultValue = "PT3S",
			description = "unmeasured time first (default: ${DEFAULT-VALUE})")
	Duration warmup;

	@Option(names = "--out", description = "JSON file for the figures")
	Path out;

}
