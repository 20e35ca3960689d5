package io.bookingdemo.infra.topology;

/**
 * Thrown when an existing SNS or SQS resource has an attribute that differs from the
 * declared topology.
 */
public class TopologyConflictException extends RuntimeException {

	public TopologyConflictException(String message) {
		super(message);
	}

}
