package io.bookingdemo.support;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.awspring.cloud.sns.core.TopicNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Finds an SNS topic's ARN from its name by listing the topics, never by
 * {@code CreateTopic}: the topology is provisioned explicitly, and a missing topic must
 * fail rather than appear. The listing is bounded by a timeout, so that a hung endpoint
 * cannot hold its caller, and the ARN is remembered once found.
 */
public final class TopicArnLookup {

	private final SnsClient sns;

	private final String topic;

	private final Duration timeout;

	private volatile @Nullable String arn;

	/**
	 * Creates the lookup.
	 * @param sns the SNS client
	 * @param topic the topic's name, or its ARN, which is taken as given
	 * @param timeout the longest the listing may take
	 */
	public TopicArnLookup(SnsClient sns, String topic, Duration timeout) {
		this.sns = sns;
		this.topic = topic;
		this.timeout = timeout;
		this.arn = topic.startsWith("arn:") ? topic : null;
	}

	/**
	 * The topic's ARN.
	 * @return the ARN
	 * @throws TopicNotFoundException if no topic has the name
	 * @throws software.amazon.awssdk.core.exception.SdkException if SNS cannot be reached
	 * in time
	 */
	public String get() {
		String found = this.arn;
		if (found == null) {
			found = this.sns
				.listTopicsPaginator(
						(request) -> request.overrideConfiguration((call) -> call.apiCallTimeout(this.timeout)))
				.topics()
				.stream()
				.map(Topic::topicArn)
				.filter((candidate) -> candidate.endsWith(":" + this.topic))
				.findFirst()
				.orElseThrow(() -> new TopicNotFoundException("No SNS topic named " + this.topic));
			this.arn = found;
		}
		return found;
	}

	/**
	 * The topic's name.
	 * @return the name as configured
	 */
	public String topic() {
		return this.topic;
	}

}
