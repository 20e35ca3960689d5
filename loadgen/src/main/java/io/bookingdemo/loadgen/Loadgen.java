package io.bookingdemo.loadgen;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator's command line: an open-loop load with its report, the benchmark and
 * its measurements, and the local demo's Java side (status, readiness, tokens).
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, description = "Load and benchmark the booking system.",
		subcommands = { LoadCommand.class, CeilingCommand.class, IngestCommand.class, DrainCommand.class,
				ProbeCommand.class, TraceCommand.class, VerifyCommand.class, StatusCommand.class, AwaitCommand.class,
				TokenCommand.class, StopCommand.class, BenchCommand.class })
public final class Loadgen {

	private Loadgen() {
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		DemoSettings.current().install();
		System.exit(new CommandLine(new Loadgen()).execute(args));
	}

}
