package io.bookingdemo.infra.topology;

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
