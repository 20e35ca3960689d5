package io.bookingdemo.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Waits until components of the local demo that the launcher started are ready, and fails
 * early, with the tail of its log, if one of them exits.
 */
@Command(name = "await", mixinStandardHelpOptions = true,
		description = "Wait until the named components of the local demo are ready.")
final class AwaitCommand implements Callable<Integer> {

	@Parameters(description = "components, for example fauxqs payment-service payment-service-2")
	List<String> names;

	@Option(names = "--timeout", defaultValue = "PT${env:DEMO_READY_TIMEOUT:-180}S",
			description = "how long to wait for each (default: ${DEFAULT-VALUE}, or DEMO_READY_TIMEOUT seconds)")
	Duration timeout;

	@Option(names = "--root", defaultValue = ".", description = "the project's directory (default: the current one)")
	Path root;

	@Override
	public Integer call() throws Exception {
		Demo demo = new Demo(this.root, DemoSettings.of(this.root));
		for (String name : this.names) {
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (!demo.ready(name)) {
				Path log = demo.state().resolve("logs").resolve(name + ".log");
				if (demo.pid(name).isEmpty()) {
					List<String> lines = demo.log(name).lines().toList();
					lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
					System.err.println("demo: " + name + " exited before it was ready; its log: " + log);
					return 1;
				}
				if (System.nanoTime() > deadline) {
					System.err.println("demo: " + name + " was not ready within " + this.timeout.toSeconds()
							+ " s; its log: " + log);
					return 1;
				}
				Thread.sleep(500);
			}
		}
		// Ready instances become Prometheus's targets.
		for (String service : demo.servicesOf(this.names)) {
			demo.writeTargets(service, List.of());
		}
		return 0;
	}

}
