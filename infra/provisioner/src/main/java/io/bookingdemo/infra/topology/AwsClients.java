package io.bookingdemo.infra.topology;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SNS and SQS clients for one endpoint: an emulator when an endpoint is given, AWS
 * otherwise.
 *
 * @param sns the SNS client
 * @param sqs the SQS client
 */
public record AwsClients(SnsClient sns, SqsClient sqs) implements AutoCloseable {

	/**
	 * Creates clients for an endpoint. Emulators accept any credentials, so the default
	 * chain is only consulted when it can find some; otherwise fixed dummy credentials
	 * are used for an emulator.
	 * @param endpoint the emulator endpoint, or empty for AWS
	 * @param region the region
	 * @return the clients
	 */
	public static AwsClients create(Optional<URI> endpoint, String region) {
		AwsCredentialsProvider credentials = endpoint.isPresent() ? emulatorCredentials()
				: DefaultCredentialsProvider.builder().build();
		var sns = SnsClient.builder().region(Region.of(region)).credentialsProvider(credentials);
		var sqs = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials);
		endpoint.ifPresent((uri) -> {
			sns.endpointOverride(uri);
			sqs.endpointOverride(uri);
		});
		return new AwsClients(sns.build(), sqs.build());
	}

	private static AwsCredentialsProvider emulatorCredentials() {
		String accessKey = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "test");
		String secretKey = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "test");
		return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
	}

	@Override
	public void close() {
		this.sns.close();
		this.sqs.close();
	}

}
