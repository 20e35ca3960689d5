package io.bookingdemo.support;

/**
 * The kind of SNS topics and SQS queues a deployment runs on, chosen once for all its
 * services: {@code standard} (best-effort order, at-least-once delivery, no throughput
 * limit) or {@code fifo} (order within a message group, deduplication by id for five
 * minutes, limited throughput). Configuration names the topic and the queue as the
 * topology names them in the mode, {@code .fifo} included in FIFO mode.
 */
public enum MessagingMode {

	/** Standard topics and queues. */
	STANDARD,

	/** FIFO topics and queues, whose names end in {@code .fifo}. */
	FIFO;

	private static final String FIFO_SUFFIX = ".fifo";

	private static final String DEAD_LETTER_SUFFIX = "-dlq";

	/**
	 * Whether a topic or queue name (or ARN) is that of a resource of this mode.
	 * @param name the name or ARN
	 * @return whether it ends in {@code .fifo} in FIFO mode, and does not in standard
	 * mode
	 */
	public boolean names(String name) {
		return name.endsWith(FIFO_SUFFIX) == (this == FIFO);
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
