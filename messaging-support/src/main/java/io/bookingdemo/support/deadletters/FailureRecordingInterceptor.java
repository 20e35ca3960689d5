package io.bookingdemo.support.deadletters;

import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * Records in {@link FailureRecords} why a message failed, at every failed receive, so
 * that an operator who finds it in the dead-letter queue can read the reason.
 */
class FailureRecordingInterceptor implements MessageInterceptor<Object> {

	private static final Logger logger = LoggerFactory.getLogger(FailureRecordingInterceptor.class);

	// What a poison message claims is stored only when it has the form of a real one.
	private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z]{1,64}");

	private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

	private static final int MAX_CAUSES = 5;

	private final FailureRecords records;

	private final JsonMapper json;

	FailureRecordingInterceptor(FailureRecords records, JsonMapper json) {
		this.records = records;
		this.json = json;
	}

	@Override
	public void afterProcessing(Message<Object> message, @Nullable Throwable failure) {
		if (failure == null) {
			return;
		}
		// The message fails anyway; a record that cannot be written, for example while
		// the database is down, must not change how.
		try {
			this.records.record(failureOf(message, failure));
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot record why message {} failed: {}", MessageHeaderUtils.getRawMessageId(message),
					ex.toString());
		}
	}

	private FailureRecords.Failure failureOf(Message<Object> message, Throwable failure) {
		JsonNode body = body(message);
		Throwable cause = unwrap(failure);
		return new FailureRecords.Failure(MessageHeaderUtils.getRawMessageId(message),
				String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER)),
				matching(message.getHeaders().get("eventId"), body.path("eventId"), EVENT_ID),
				matching(message.getHeaders().get("eventType"), body.path("eventType"), EVENT_TYPE),
				receiveCount(message), cause.getClass().getName(), reason(cause));
	}

	private JsonNode body(Message<Object> message) {
		if (message.getPayload() instanceof String text) {
			try {
				return this.json.readTree(text);
			}
			catch (JacksonException ex) {
				return MissingNode.getInstance();
			}
		}
		return MissingNode.getInstance();
	}

	private static @Nullable String matching(@Nullable Object attribute, JsonNode field, Pattern form) {
		String value = (attribute instanceof String text) ? text : field.isString() ? field.asString() : null;
		return (value != null && form.matcher(value).matches()) ? value : null;
	}

	private static int receiveCount(Message<Object> message) {
		Object count = message.getHeaders().get(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT);
		try {
			return (count != null) ? Integer.parseInt(count.toString()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	// The container wraps the listener's exception in its own; the operator needs the
	// listener's.
	private static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof MessagingException || current instanceof CompletionException
				|| current.getClass().getName().startsWith("io.awspring.")) && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static String reason(Throwable cause) {
		StringBuilder reason = new StringBuilder(String.valueOf(cause.getMessage()));
		Throwable next = cause.getCause();
		for (int depth = 0; next != null && depth < MAX_CAUSES; depth++, next = next.getCause()) {
			reason.append("; caused by ")
				.append(next.getClass().getSimpleName())
				.append(": ")
				.append(next.getMessage());
		}
		return reason.toString();
	}

}
