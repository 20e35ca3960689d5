package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.MessageProcessingException;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandlerVisibilityHelper;

import org.springframework.messaging.Message;

/**
 * Handles messages that failed because the database is out of reach apart from ones that
 * failed on their own: the first pause the listeners, if a probe confirms the outage, and
 * return to the queue after a short, fixed delay, so that they are received again soon
 * after the database answers and the outage costs them one receive (a pool too busy to
 * give a connection, the database answering, pauses nothing); every other failure goes to
 * the backoff handler, which spaces its receives until the redrive policy moves it to the
 * dead-letter queue. Of a batch it handles only the messages the {@link EventConsumer}
 * names as failed: the others are acknowledged already.
 */
class DatabaseOutageErrorHandler implements AsyncErrorHandler<Object> {

	// Guards against a cause chain that loops.
	private static final int DEEPEST_CAUSE = 32;

	private final ListenerPause pause;

	private final AsyncErrorHandler<Object> backoff;

	private final int redeliveryDelaySeconds;

	DatabaseOutageErrorHandler(ListenerPause pause, AsyncErrorHandler<Object> backoff, Duration redeliveryDelay) {
		this.pause = pause;
		this.backoff = backoff;
		this.redeliveryDelaySeconds = Math.toIntExact(redeliveryDelay.toSeconds());
	}

	@Override
	public CompletableFuture<Void> handle(Message<Object> message, Throwable failure) {
		if (!DatabaseOutages.isOutage(failure)) {
			return this.backoff.handle(message, failure);
		}
		this.pause.pauseIfUnreachable(failure);
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		// Failing the future leaves the message unacknowledged, so SQS delivers it again.
		return visibility.changeToAsync(this.redeliveryDelaySeconds)
			.thenCompose((changed) -> CompletableFuture.failedFuture(failure));
	}

	@Override
	public CompletableFuture<Void> handle(Collection<Message<Object>> messages, Throwable failure) {
		Collection<Message<Object>> failed = failedOf(messages, failure);
		if (!DatabaseOutages.isOutage(failure)) {
			return this.backoff.handle(failed, failure);
		}
		this.pause.pauseIfUnreachable(failure);
		return ErrorHandlerVisibilityHelper.getVisibility(failed)
			.changeToAsync(this.redeliveryDelaySeconds)
			.thenCompose((changed) -> CompletableFuture.failedFuture(failure));
	}

	// The listener adapter wraps the consumer's exception, which names the failed
	// messages, in one that names the whole batch: the innermost one says which failed.
	private static Collection<Message<Object>> failedOf(Collection<Message<Object>> messages, Throwable failure) {
		Collection<Message<Object>> failed = messages;
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < DEEPEST_CAUSE; depth++, cause = cause.getCause()) {
			if (cause instanceof MessageProcessingException processing) {
				failed = processing.getFailedMessages().stream().map(DatabaseOutageErrorHandler::cast).toList();
			}
		}
		return failed;
	}

	@SuppressWarnings("unchecked")
	private static Message<Object> cast(Message<?> message) {
		return (Message<Object>) message;
	}

}
