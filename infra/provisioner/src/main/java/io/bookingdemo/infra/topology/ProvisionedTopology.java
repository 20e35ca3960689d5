package io.bookingdemo.infra.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identifiers of the resources a {@link Provisioner} run made sure of.
 *
 * @param topicArns topic ARNs by topic name
 * @param queueUrls queue URLs by queue name, dead-letter queues included
 * @param log one line per resource saying what was done
 */
public record ProvisionedTopology(Map<String, String> topicArns, Map<String, String> queueUrls, List<String> log) {

	public ProvisionedTopology {
		topicArns = Map.copyOf(topicArns);
		queueUrls = Map.copyOf(queueUrls);
		log = List.copyOf(log);
	}

	/**
	 * This run's resources together with another's, for example of both messaging modes
	 * applied to one endpoint.
	 * @param other the other run's result
	 * @return the union of both
	 */
	public ProvisionedTopology and(ProvisionedTopology other) {
		Map<String, String> topics = new LinkedHashMap<>(this.topicArns);
		topics.putAll(other.topicArns);
		Map<String, String> queues = new LinkedHashMap<>(this.queueUrls);
		queues.putAll(other.queueUrls);
		List<String> lines = new ArrayList<>(this.log);
		lines.addAll(other.log);
		return new ProvisionedTopology(topics, queues, lines);
	}

	/**
	 * The URL of a queue.
	 * @param name the queue name
	 * @return its URL
	 */
	public String queueUrl(String name) {
		String url = this.queueUrls.get(name);
		if (url == null) {
			throw new IllegalArgumentException("No queue named '" + name + "' was provisioned");
		}
		return url;
	}

}
