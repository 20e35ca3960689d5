package io.bookingdemo.loadgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Stops components of the local demo side by side: out of Prometheus's targets first, so
 * that none is reported down, then SIGTERM to each one's process group (a consumer takes
 * up to its 20 s long poll, a service writing its class-data archive at exit longer),
 * then waits until each group is gone and its port free, killing a group still there
 * after the patience.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = "Stop components of the local demo that the launcher started, and wait until they are gone.")
final class StopCommand implements Callable<Integer> {

	@Parameters(description = "components, for example payment-service payment-service-2")
	List<String> names;

	@Option(names = "--patience", defaultValue = "PT120S",
			description = "how long a component may take to stop before it is killed (default: ${DEFAULT-VALUE})")
	Duration patience;

	@Option(names = "--root", defaultValue = ".", description = "the project's directory (default: the current one)")
	Path root;

	@Override
	public Integer call() throws Exception {
		Demo demo = new Demo(this.root, DemoSettings.of(this.root));
		for (String service : demo.servicesOf(this.names)) {
			demo.writeTargets(service, this.names);
		}
		Map<String, Long> groups = new LinkedHashMap<>();
		for (String name : this.names) {
			demo.pid(name).ifPresent((pid) -> {
				groups.put(name, pid);
				Demo.signal("TERM", pid);
			});
		}
		for (Map.Entry<String, Long> group : groups.entrySet()) {
			long deadline = System.nanoTime() + this.patience.toNanos();
			boolean killed = false;
			while (Demo.groupRuns(group.getValue())) {
				if (!killed && System.nanoTime() > deadline) {
					System.err.println("demo: " + group.getKey() + " did not stop; killing it");
					Demo.signal("KILL", group.getValue());
					killed = true;
				}
				Thread.sleep(100);
			}
			demo.forget(group.getKey());
			while (demo.port(group.getKey()).map(Demo::listens).orElse(false)) {
				Thread.sleep(100);
			}
		}
		return 0;
	}

}
