package io.bookingdemo.support.consumer;

import java.util.List;

/**
 * Told by the {@link EventConsumer} what became of each message of a batch, once the
 * batch is acknowledged, for metrics and failure records; it must not throw.
 */
@FunctionalInterface
public interface EventObserver {

	/**
	 * Observes a processed batch.
	 * @param batch the batch's messages, in the order they were received
	 */
	void observe(List<ConsumedMessage> batch);

}
