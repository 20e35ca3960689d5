package io.bookingdemo.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The null pipeline's consumers: receive and delete, in batches, on the consumers' queues
 * while the services are stopped, and nothing else; how fast the emulator and the
 * topology alone let the messages through.
 */
@Command(name = "drain", mixinStandardHelpOptions = true,
		description = "Receive and delete in batches on the given queues (the null pipeline's consumers).")
final class DrainCommand implements Callable<Integer> {

	@Mixin
	ProcessCpu cpu;

	@Option(names = "--sqs", defaultValue = "http://127.0.0.1:${sys:FAUXQS_PORT}",
			description = "SQS endpoint (default: ${DEFAULT-VALUE})")
	URI endpoint;

	@Option(names = "--queues", split = ",",
			description = "queues to drain (default: the queues of the three consumers in --topology)")
	List<String> queues;

	@Option(names = "--topology", defaultValue = "infra/topology.json",
			description = "the topology the default queues are read from (default: ${DEFAULT-VALUE})")
	Path topology;

	@Option(names = "--expect", required = true, description = "messages to receive from each queue")
	long expect;

	@Option(names = "--threads", defaultValue = "2", description = "receivers per queue (default: ${DEFAULT-VALUE})")
	int threads;

	@Option(names = "--timeout", defaultValue = "PT120S", description = "give up after (default: ${DEFAULT-VALUE})")
	Duration timeout;

	@Option(names = "--out", description = "JSON file for the figures")
	Path out;

	@Override
	public Integer call() throws Exception {
		if (this.queues == null) {
			this.queues = DemoSettings.queuesOf(this.topology,
					List.of("payment-service", "ledger-service", "notification-service"));
		}
		try (SqsClient sqs = SqsClient.builder()
			.endpointOverride(this.endpoint)
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.build()) {
			ExecutorService receivers = Executors.newFixedThreadPool(this.queues.size() * this.threads);
			Map<String, Double> cpuFrom = this.cpu.snapshot();
			long started = System.nanoTime();
			long deadline = started + this.timeout.toNanos();
			Map<String, LongAdder> received = new LinkedHashMap<>();
			Map<String, AtomicLong> finishedAt = new LinkedHashMap<>();
			List<CompletableFuture<Void>> work = new java.util.ArrayList<>();
			for (String queue : this.queues) {
				String url = sqs.getQueueUrl((request) -> request.queueName(queue)).queueUrl();
				LongAdder count = new LongAdder();
				AtomicLong finished = new AtomicLong();
				received.put(queue, count);
				finishedAt.put(queue, finished);
				for (int i = 0; i < this.threads; i++) {
					work.add(CompletableFuture.runAsync(() -> drain(sqs, url, count, finished, started, deadline),
							receivers));
				}
			}
			CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
			Map<String, Object> cpuPerBooking = ProcessCpu.perUnit(cpuFrom, this.cpu.snapshot(), this.expect);
			receivers.shutdown();
			Map<String, Object> figures = new LinkedHashMap<>();
			double slowest = 0;
			boolean all = true;
			for (String queue : this.queues) {
				double seconds = finishedAt.get(queue).get() / 1e9;
				slowest = Math.max(slowest, seconds);
				all &= received.get(queue).sum() >= this.expect;
				figures.put(queue, Map.of("messages", received.get(queue).sum(), "seconds", seconds, "perSecond",
						Percentiles.round(received.get(queue).sum() / Math.max(seconds, 0.001))));
				System.out.printf("drain %-34s %6d messages in %5.1f s (%.0f/s)%n", queue, received.get(queue).sum(),
						seconds, received.get(queue).sum() / Math.max(seconds, 0.001));
			}
			double perSecond = this.expect / Math.max(slowest, 0.001);
			figures.put("seconds", slowest);
			figures.put("bookingsPerSecond", Percentiles.round(perSecond));
			figures.put("cpuMsPerBooking", cpuPerBooking);
			System.out.printf("null pipeline: %d bookings through every queue in %.1f s: %.1f bookings/s%n",
					this.expect, slowest, perSecond);
			System.out.printf("   CPU per booking: %s%n", ProcessCpu.line(cpuPerBooking));
			if (this.out != null) {
				JsonMapper.builder()
					.enable(SerializationFeature.INDENT_OUTPUT)
					.build()
					.writeValue(this.out.toFile(), figures);
			}
			return all ? 0 : 1;
		}
	}

	private void drain(SqsClient sqs, String url, LongAdder count, AtomicLong finished, long started, long deadline) {
		while (count.sum() < this.expect && System.nanoTime() < deadline) {
			List<Message> messages = sqs
				.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
				.messages();
			if (messages.isEmpty()) {
				continue;
			}
			sqs.deleteMessageBatch((request) -> request.queueUrl(url)
				.entries(messages.stream()
					.map((message) -> DeleteMessageBatchRequestEntry.builder()
						.id(message.messageId())
						.receiptHandle(message.receiptHandle())
						.build())
					.toList()));
			count.add(messages.size());
			finished.accumulateAndGet(System.nanoTime() - started, Math::max);
		}
	}

}
