package io.bookingdemo.support.deadletters;

import java.util.List;
import java.util.regex.Pattern;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.consumer.ConsumedMessage;
import io.bookingdemo.support.consumer.EventObserver;
import io.bookingdemo.support.logging.LogText;
import org.springframework.messaging.Message;

/**
 * Records in {@link FailureRecords} why a message failed, at every failed receive, so
 * that an operator who finds it in the dead-letter queue can read the reason.
 */
class FailureRecording implements EventObserver {

	private static final Logger logger = LoggerFactory.getLogger(FailureRecording.class);

	// What a poison message claims is stored only when it has the form of a real one.
	private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z]{1,64}");

	private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

	private static final int MAX_CAUSES = 5;

	private final FailureRecords records;

	FailureRecording(FailureRecords records) {
		this.records = records;
	}

	@Override
	public void observe(List<ConsumedMessage> batch) {
		batch.stream()
			.filter((consumed) -> consumed.failure() != null)
			.forEach((consumed) -> record(consumed.message(), consumed));
	}

	// The message fails anyway; a record that cannot be written, for example while the
	// database is down, must not change how.
	private void record(Message<String> message, ConsumedMessage consumed) {
		try {
			Throwable cause = consumed.failure();
			this.records.record(new FailureRecords.Failure(MessageHeaderUtils.getRawMessageId(message),
					String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER)),
					matching(consumed.eventId(), EVENT_ID), matching(consumed.eventType(), EVENT_TYPE),
					receiveCount(message), cause.getClass().getName(), reason(cause)));
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot record why message {} failed: {}", MessageHeaderUtils.getRawMessageId(message),
					LogText.escape(ex));
		}
	}

	private static @Nullable String matching(@Nullable String value, Pattern form) {
		return (value != null && form.matcher(value).matches()) ? value : null;
	}

	private static int receiveCount(Message<String> message) {
		Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
		try {
			return (count != null) ? Integer.parseInt(count.toString()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String reason(Throwable cause) {
		// The causes' messages may quote the message's body.
		StringBuilder reason = new StringBuilder(LogText.escape(cause.getMessage()));
		Throwable next = cause.getCause();
		for (int depth = 0; next != null && depth < MAX_CAUSES; depth++, next = next.getCause()) {
			reason.append("; caused by ")
				.append(next.getClass().getSimpleName())
				.append(": ")
				.append(LogText.escape(next.getMessage()));
		}
		return reason.toString();
	}

}
