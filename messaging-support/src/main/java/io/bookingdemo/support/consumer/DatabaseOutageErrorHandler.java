package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.errorhandler.AsyncErrorHandler;

import org.springframework.messaging.Message;

/**
 * Handles a message that failed because the database is out of reach apart from one that
 * failed on its own: the first pauses the listeners and returns to the queue after a
 * short, fixed delay, so that it is received again soon after the database answers and
 * the outage costs it one receive; every other failure goes to the backoff handler, which
 * spaces its receives until the redrive policy moves it to the dead-letter queue.
 */
class DatabaseOutageErrorHandler implements AsyncErrorHandler<Object> {

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
		this.pause.pause(failure);
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		// Failing the future leaves the message unacknowledged, so SQS delivers it again.
		return visibility.changeToAsync(this.redeliveryDelaySeconds)
			.thenCompose((changed) -> CompletableFuture.failedFuture(failure));
	}

}
