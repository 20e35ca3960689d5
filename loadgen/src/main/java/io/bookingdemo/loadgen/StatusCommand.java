package io.bookingdemo.loadgen;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What of the local demo runs, whether it is ready, and the depth of every queue of the
 * topology and of its dead-letter queue: {@code ./demo.sh status}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "What of the local demo runs, whether it is ready, and every queue's depth.")
final class StatusCommand implements Callable<Integer> {

	@Option(names = "--sqs", defaultValue = "http://127.0.0.1:${sys:FAUXQS_PORT}",
			description = "SQS endpoint (default: ${DEFAULT-VALUE})")
	URI endpoint;

	@Option(names = "--topology", defaultValue = "infra/topology.json",
			description = "the topology whose queues are listed (default: ${DEFAULT-VALUE})")
	Path topology;

	@Option(names = "--root", defaultValue = ".", description = "the project's directory (default: the current one)")
	Path root;

	@Override
	public Integer call() throws Exception {
		DemoSettings settings = DemoSettings.of(this.root);
		Demo demo = new Demo(this.root, settings);
		List<String> names = new ArrayList<>(demo.components());
		for (String service : settings.text("DEMO_SERVICES").split(",")) {
			names.addAll(demo.instances(service));
		}
		System.out.println(row("component", "pid", "port", "state"));
		for (String name : names) {
			String pid = demo.pid(name).map(String::valueOf).orElse("-");
			System.out.println(row(name, pid, demo.port(name).map(String::valueOf).orElse(""),
					state(name, !pid.equals("-"), demo.pid(name).isPresent() && demo.ready(name))));
		}
		System.out.println();
		if (demo.pid("fauxqs").isEmpty()) {
			System.out.println("fauxqs is not running: no queue depths");
			return 0;
		}
		Path modeFile = demo.state().resolve("mode");
		String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "standard";
		String suffix = "fifo".equals(mode) ? ".fifo" : "";
		System.out.println("messaging mode: " + mode);
		System.out.printf("%-40s %8s %10s %12s%n", "queue", "visible", "in flight", "dlq visible");
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build()) {
			for (String queue : DemoSettings.queuesOf(this.topology, null)) {
				String[] depth = depth(sqs, queue + suffix);
				System.out.printf("%-40s %8s %10s %12s%n", queue + suffix, depth[0], depth[1],
						depth(sqs, queue + "-dlq" + suffix)[0]);
			}
		}
		return 0;
	}

	static String row(String name, String pid, String port, String state) {
		return String.format("%-22s %-8s %-6s %s", name, pid, port, state);
	}

	/**
	 * A component's state as the table shows it.
	 * @param name the component
	 * @param running whether its process runs
	 * @param ready whether it answers its readiness check
	 * @return stopped, starting, not ready (a service), running (the emulator and the
	 * database) or ready
	 */
	static String state(String name, boolean running, boolean ready) {
		if (!running) {
			return "stopped";
		}
		boolean infrastructure = List.of("fauxqs", "postgres", "zipkin", "prometheus").contains(name);
		if (!ready) {
			return infrastructure ? "starting" : "not ready";
		}
		return (name.equals("fauxqs") || name.equals("postgres")) ? "running" : "ready";
	}

	// Visible and in flight, or question marks for a queue the emulator does not answer
	// for.
	private static String[] depth(SqsClient sqs, String queue) {
		try {
			String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
			var attributes = sqs.getQueueAttributes((request) -> request.queueUrl(url)
				.attributeNames(List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
						QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)))
				.attributes();
			return new String[] { attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
					attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) };
		}
		catch (RuntimeException ex) {
			return new String[] { "?", "?" };
		}
	}

}
