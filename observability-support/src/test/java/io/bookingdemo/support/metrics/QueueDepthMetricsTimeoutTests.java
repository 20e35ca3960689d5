package io.bookingdemo.support.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A refresh of the queue-depth gauges against an endpoint that accepts connections and
 * never answers ends within its calls' time limit, rather than holding the scheduler
 * thread for the SDK's read timeout times its retries.
 */
@ExtendWith(OutputCaptureExtension.class)
class QueueDepthMetricsTimeoutTests {

	private final SilentEndpoint endpoint = new SilentEndpoint();

	private final SqsAsyncClient sqs = SqsAsyncClient.builder()
		.endpointOverride(this.endpoint.uri())
		.region(Region.US_EAST_1)
		.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
		.build();

	@AfterEach
	void close() throws IOException {
		this.sqs.close();
		this.endpoint.close();
	}

	@Test
	void givesUpOnAHungEndpointWithinTheCallTimeLimit(CapturedOutput output) {
		QueueDepthMetrics metrics = new QueueDepthMetrics(this.sqs, null, new SimpleMeterRegistry(),
				JsonMapper.builder().build(), "hung-queue", null, Duration.ofSeconds(5));

		// The limit is 5 s; the SDK's own read timeout is 30 s, retried three times.
		assertTimeoutPreemptively(Duration.ofSeconds(15), metrics::refresh);

		assertThat(output.getOut()).contains("Cannot refresh the depth of queue hung-queue");
	}

	/** Accepts connections on a loopback port and never reads or writes on them. */
	private static final class SilentEndpoint implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private SilentEndpoint() {
			try {
				this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.server.isClosed()) {
					try {
						this.accepted.add(this.server.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-endpoint");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		URI uri() {
			return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
