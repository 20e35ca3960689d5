package io.bookingdemo.support.deadletters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.logging.LogText;

/**
 * The dead-letter queue of the service's queue, found through the source queue's
 * {@code RedrivePolicy}, handled with plain receive, send, delete and visibility calls
 * that SQS, LocalStack and fauxqs all have: messages are looked at by receiving them and
 * making them visible again at once, and moved by sending a copy to the source queue and
 * deleting the original.
 */
public class DeadLetterQueue {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterQueue.class);

	// SQS's batch limit.
	private static final int BATCH = 10;

	// How long a message looked at stays hidden if it could not be made visible again.
	private static final Duration LISTING_HOLD = Duration.ofSeconds(30);

	// Long enough that a message passed over stays hidden for the whole of a redrive, so
	// that it is not received twice; it is made visible again at the end.
	private static final Duration MOVING_HOLD = Duration.ofMinutes(5);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final SqsAsyncClient sqs;

	private final JsonMapper json;

	private final String sourceQueue;

	private final int redriveRate;

	private final Clock clock;

	private volatile @Nullable Queues queues;

	DeadLetterQueue(SqsAsyncClient sqs, JsonMapper json, String sourceQueue, int redriveRate, Clock clock) {
		this.sqs = sqs;
		this.json = json;
		this.sourceQueue = sourceQueue;
		this.redriveRate = redriveRate;
		this.clock = clock;
	}

	/**
	 * The queue whose failed messages this dead-letter queue receives.
	 * @return the source queue's name
	 */
	public String sourceQueue() {
		return this.sourceQueue;
	}

	/**
	 * The dead-letter queue's name, from the source queue's redrive policy.
	 * @return the name
	 */
	public String name() {
		return queues().deadLetterQueue();
	}

	/**
	 * The messages in the dead-letter queue, left in it: each is received and made
	 * visible again, which adds one to its receive count.
	 * @param limit the most messages returned
	 * @return the messages, with their attributes and system attributes
	 */
	public List<Message> peek(int limit) {
		String url = queues().deadLetterQueueUrl();
		List<Message> found = new ArrayList<>();
		List<Message> held = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		try {
			while (found.size() < limit) {
				List<Message> batch = receive(url, Math.min(BATCH, limit - found.size()), LISTING_HOLD);
				held.addAll(batch);
				List<Message> fresh = batch.stream().filter((message) -> seen.add(message.messageId())).toList();
				if (fresh.isEmpty()) {
					break;
				}
				found.addAll(fresh);
			}
		}
		finally {
			release(url, held);
		}
		return found;
	}

	/**
	 * Moves messages back to the source queue, with their attributes, at most
	 * {@code redriveRate} a second. A message that cannot be sent stays in the
	 * dead-letter queue. Without ids, every message that was in the queue when the
	 * redrive began is moved, and none that arrived since, so that a redriven message
	 * that fails again is not moved in a loop.
	 * @param messageIds the messages to move, or {@code null} for all
	 * @return what moved and what did not
	 */
	public Redrive redrive(@Nullable Collection<String> messageIds) {
		Queues queues = queues();
		Instant began = this.clock.instant();
		Set<String> wanted = (messageIds != null) ? new LinkedHashSet<>(messageIds) : null;
		List<String> moved = new ArrayList<>();
		List<String> notMoved = new ArrayList<>();
		List<Message> held = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		Pacer pacer = new Pacer(this.redriveRate);
		try {
			while (wanted == null || !wanted.isEmpty()) {
				List<Message> batch = receive(queues.deadLetterQueueUrl(), BATCH, MOVING_HOLD);
				List<Message> chosen = new ArrayList<>();
				boolean anyFresh = false;
				for (Message message : batch) {
					boolean fresh = seen.add(message.messageId());
					anyFresh |= fresh;
					if (fresh && ((wanted != null) ? wanted.remove(message.messageId()) : sentBefore(message, began))) {
						chosen.add(message);
					}
					else {
						held.add(message);
					}
				}
				if (!anyFresh) {
					break;
				}
				if (!chosen.isEmpty()) {
					pacer.await(chosen.size());
					move(queues, chosen, moved, notMoved, held);
				}
			}
		}
		finally {
			release(queues.deadLetterQueueUrl(), held);
		}
		return new Redrive(queues.deadLetterQueue(), this.sourceQueue, moved, notMoved,
				(wanted != null) ? List.copyOf(wanted) : List.of());
	}

	/**
	 * Deletes one message from the dead-letter queue.
	 * @param messageId the message's id
	 * @return whether it was found and deleted
	 */
	public boolean discard(String messageId) {
		String url = queues().deadLetterQueueUrl();
		List<Message> held = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		try {
			while (true) {
				List<Message> batch = receive(url, BATCH, MOVING_HOLD);
				boolean anyFresh = false;
				for (Message message : batch) {
					anyFresh |= seen.add(message.messageId());
					if (message.messageId().equals(messageId)) {
						await(this.sqs
							.deleteMessage((request) -> request.queueUrl(url).receiptHandle(message.receiptHandle())));
						return true;
					}
					held.add(message);
				}
				if (!anyFresh) {
					return false;
				}
			}
		}
		finally {
			release(url, held);
		}
	}

	private void move(Queues queues, List<Message> chosen, List<String> moved, List<String> notMoved,
			List<Message> held) {
		List<SendMessageBatchRequestEntry> entries = IntStream.range(0, chosen.size())
			.mapToObj((index) -> copy(String.valueOf(index), chosen.get(index)))
			.toList();
		SendMessageBatchResponse sent;
		try {
			sent = await(
					this.sqs.sendMessageBatch((request) -> request.queueUrl(queues.sourceQueueUrl()).entries(entries)));
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot send {} messages back to {}: {}", chosen.size(), this.sourceQueue, LogText.escape(ex));
			chosen.forEach((message) -> notMoved.add(message.messageId()));
			held.addAll(chosen);
			return;
		}
		Map<String, Message> byEntry = IntStream.range(0, chosen.size())
			.boxed()
			.collect(Collectors.toMap(String::valueOf, chosen::get));
		sent.failed().forEach((failure) -> {
			Message message = byEntry.get(failure.id());
			logger.warn("Cannot send message {} back to {}: {}", message.messageId(), this.sourceQueue,
					LogText.escape(failure.message()));
			notMoved.add(message.messageId());
			held.add(message);
		});
		List<Message> sentMessages = sent.successful().stream().map((success) -> byEntry.get(success.id())).toList();
		// A copy is in the source queue now; if the original cannot be deleted, it is
		// delivered twice, which the idempotent consumer makes harmless.
		try {
			await(this.sqs.deleteMessageBatch((request) -> request.queueUrl(queues.deadLetterQueueUrl())
				.entries(IntStream.range(0, sentMessages.size())
					.mapToObj((index) -> DeleteMessageBatchRequestEntry.builder()
						.id(String.valueOf(index))
						.receiptHandle(sentMessages.get(index).receiptHandle())
						.build())
					.toList())));
		}
		catch (RuntimeException ex) {
			logger.warn("Sent {} messages back to {} but cannot delete them from the dead-letter queue: {}",
					sentMessages.size(), this.sourceQueue, LogText.escape(ex));
		}
		sentMessages.forEach((message) -> moved.add(message.messageId()));
	}

	// A message of a FIFO queue goes back to its group. Its deduplication id is its id in
	// the dead-letter queue: the original's id (the event id) may still be inside SQS's
	// five-minute window, which would drop the copy, while a second send of the same
	// copy, after a delete that failed, is dropped as it should be.
	private static SendMessageBatchRequestEntry copy(String id, Message message) {
		SendMessageBatchRequestEntry.Builder entry = SendMessageBatchRequestEntry.builder()
			.id(id)
			.messageBody(message.body())
			.messageAttributes(message.messageAttributes());
		String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
		if (group != null) {
			entry.messageGroupId(group).messageDeduplicationId(message.messageId());
		}
		return entry.build();
	}

	private static boolean sentBefore(Message message, Instant began) {
		String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
		return sent == null || Long.parseLong(sent) < began.toEpochMilli();
	}

	private List<Message> receive(String url, int max, Duration hold) {
		return await(this.sqs.receiveMessage((request) -> request.queueUrl(url)
			.maxNumberOfMessages(max)
			.visibilityTimeout(Math.toIntExact(hold.toSeconds()))
			// A long poll, however short, asks every SQS server, so that a listing is
			// complete.
			.waitTimeSeconds(1)
			.messageAttributeNames("All")
			.messageSystemAttributeNames(MessageSystemAttributeName.ALL))).messages();
	}

	// Makes messages visible again; one that cannot be stays hidden for its hold only.
	private void release(String url, List<Message> messages) {
		for (int from = 0; from < messages.size(); from += BATCH) {
			List<Message> chunk = messages.subList(from, Math.min(from + BATCH, messages.size()));
			try {
				await(this.sqs.changeMessageVisibilityBatch((request) -> request.queueUrl(url)
					.entries(IntStream.range(0, chunk.size())
						.mapToObj((index) -> ChangeMessageVisibilityBatchRequestEntry.builder()
							.id(String.valueOf(index))
							.receiptHandle(chunk.get(index).receiptHandle())
							.visibilityTimeout(0)
							.build())
						.toList())));
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot make {} dead-lettered messages visible again: {}", chunk.size(),
						LogText.escape(ex));
			}
		}
	}

	private Queues queues() {
		Queues resolved = this.queues;
		if (resolved == null) {
			String sourceUrl = await(this.sqs.getQueueUrl((request) -> request.queueName(this.sourceQueue))).queueUrl();
			String policy = await(this.sqs.getQueueAttributes(
					(request) -> request.queueUrl(sourceUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY)))
				.attributes()
				.get(QueueAttributeName.REDRIVE_POLICY);
			if (policy == null) {
				throw new IllegalStateException("Queue " + this.sourceQueue + " has no redrive policy");
			}
			String arn = this.json.readTree(policy).path("deadLetterTargetArn").asString("");
			String name = arn.substring(arn.lastIndexOf(':') + 1);
			String url = await(this.sqs.getQueueUrl((request) -> request.queueName(name))).queueUrl();
			resolved = new Queues(sourceUrl, name, url);
			this.queues = resolved;
		}
		return resolved;
	}

	private static <T> T await(CompletableFuture<T> call) {
		return call.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	/**
	 * The outcome of a redrive.
	 *
	 * @param from the dead-letter queue
	 * @param to the source queue
	 * @param moved the ids of the messages moved
	 * @param notMoved the ids of the messages that could not be sent and stayed
	 * @param notFound the ids asked for that were not in the dead-letter queue
	 */
	public record Redrive(String from, String to, List<String> moved, List<String> notMoved, List<String> notFound) {
	}

	private record Queues(String sourceQueueUrl, String deadLetterQueue, String deadLetterQueueUrl) {
	}

	/** Spaces batches so that no more than the rate's messages are sent per second. */
	private static final class Pacer {

		private final long nanosPerMessage;

		private long next = System.nanoTime();

		Pacer(int perSecond) {
			this.nanosPerMessage = TimeUnit.SECONDS.toNanos(1) / perSecond;
		}

		void await(int messages) {
			long wait = this.next - System.nanoTime();
			if (wait > 0) {
				try {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while pacing a redrive", ex);
				}
			}
			this.next = Math.max(this.next, System.nanoTime()) + messages * this.nanosPerMessage;
		}

	}

}
