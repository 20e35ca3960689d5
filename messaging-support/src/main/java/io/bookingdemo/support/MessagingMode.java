package io.bookingdemo.support;

/**
 * The kind of SNS topics and SQS queues a deployment runs on, chosen once for all its
 * services: {@code standard} (best-effort order, at-least-once delivery, no throughput
 * limit) or {@code fifo} (order within a message group, deduplication by id for five
 * minutes, limited throughput). Configuration names every topic and queue by its base
 * name; this mode derives the name of the resource it stands for, here and nowhere else.
 */
public enum MessagingMode {

	/** Standard topics and queues, named as configured. */
	STANDARD,

	/** FIFO topics and queues, named as configured plus {@code .fifo}. */
	FIFO;

	private static final String FIFO_SUFFIX = ".fifo";

	private static final String DEAD_LETTER_SUFFIX = "-dlq";

	/**
	 * The name (or ARN) of the topic or queue a configured name stands for in this mode.
	 * @param name the base name or ARN; one that already ends in {@code .fifo} is kept
	 * @return the name in this mode, for example {@code booking-events.fifo}
	 */
	public String resourceName(String name) {
		return (this == FIFO && !name.endsWith(FIFO_SUFFIX)) ? name + FIFO_SUFFIX : name;
	}

	/**
	 * The name of a queue's dead-letter queue, which SQS requires to be of the queue's
	 * kind.
	 * @param queue the queue's name in this mode
	 * @return {@code <base>-dlq}, or {@code <base>-dlq.fifo} for a FIFO queue
	 */
	public String deadLetterQueueName(String queue) {
		if (queue.endsWith(FIFO_SUFFIX)) {
			return queue.substring(0, queue.length() - FIFO_SUFFIX.length()) + DEAD_LETTER_SUFFIX + FIFO_SUFFIX;
		}
		return queue + DEAD_LETTER_SUFFIX;
	}

}
