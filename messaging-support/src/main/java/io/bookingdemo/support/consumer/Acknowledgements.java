package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import io.bookingdemo.support.logging.LogText;
import org.springframework.messaging.Message;

/**
 * Acknowledges the messages whose effects have committed, with one
 * {@code DeleteMessageBatch} per queue, before the listener returns: nothing is deleted
 * before its effect commits, and nothing is left pending when the container stops. A
 * message received twice in one batch is deleted once, with its latest receipt handle,
 * since SQS refuses a batch that names one message twice and honours only the latest
 * receipt. A delete that fails is logged: the message comes back and is skipped as a
 * duplicate.
 */
class Acknowledgements {

	private static final Logger logger = LoggerFactory.getLogger(Acknowledgements.class);

	// SQS takes at most ten entries per batch.
	private static final int BATCH_SIZE = 10;

	// A hung endpoint must not hold the listener thread: an unacknowledged message is
	// only delivered again, and skipped as a duplicate.
	private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(10);

	private final SqsAsyncClient sqs;

	Acknowledgements(SqsAsyncClient sqs) {
		this.sqs = sqs;
	}

	/**
	 * Deletes messages from their queues and waits for SQS's answer.
	 * @param messages the messages to delete
	 */
	void acknowledge(Collection<Message<String>> messages) {
		Map<String, Map<String, Receipt>> byQueue = new LinkedHashMap<>();
		for (Message<String> message : messages) {
			Receipt receipt = Receipt.of(message);
			byQueue.computeIfAbsent(receipt.queueUrl(), (queue) -> new LinkedHashMap<>())
				.merge(receipt.messageId(), receipt, Receipt::latest);
		}
		byQueue.forEach((queueUrl, receipts) -> {
			List<Receipt> all = List.copyOf(receipts.values());
			for (int from = 0; from < all.size(); from += BATCH_SIZE) {
				delete(queueUrl, all.subList(from, Math.min(all.size(), from + BATCH_SIZE)));
			}
		});
	}

	private void delete(String queueUrl, List<Receipt> receipts) {
		try {
			DeleteMessageBatchResponse response = this.sqs
				.deleteMessageBatch((request) -> request.queueUrl(queueUrl)
					.entries(receipts.stream()
						.map((receipt) -> DeleteMessageBatchRequestEntry.builder()
							.id(receipt.messageId())
							.receiptHandle(receipt.receiptHandle())
							.build())
						.toList())
					.overrideConfiguration((call) -> call.apiCallTimeout(DELETE_TIMEOUT)))
				.join();
			for (BatchResultErrorEntry failed : response.failed()) {
				logger.warn("Cannot acknowledge message {}: {} {}", failed.id(), LogText.escape(failed.code()),
						LogText.escape(failed.message()));
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot acknowledge messages {}: {}", receipts.stream().map(Receipt::messageId).toList(),
					LogText.escape(ex));
		}
	}

	private record Receipt(String queueUrl, String messageId, String receiptHandle, int receiveCount) {

		static Receipt of(Message<String> message) {
			Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
			return new Receipt(String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_URL_HEADER)),
					String.valueOf(message.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER)),
					String.valueOf(message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER)),
					(count != null) ? parse(count.toString()) : 0);
		}

		// The later receive of the same message has the higher count; on a tie, the one
		// that came later in the batch.
		static Receipt latest(Receipt earlier, Receipt later) {
			return (earlier.receiveCount() > later.receiveCount()) ? earlier : later;
		}

		private static int parse(String count) {
			try {
				return Integer.parseInt(count);
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

}
