package io.bookingdemo.support.consumer;

import java.util.List;

import io.awspring.cloud.sqs.annotation.SqsListener;

import org.springframework.messaging.Message;

/**
 * Receives the messages of the service's queue, a batch at a time, and hands each batch
 * to the router of the service's {@link EventRoutes}. A message that cannot be handled
 * fails, so that SQS delivers it again after a backoff and, after the last delivery the
 * redrive policy allows, moves it to the dead-letter queue.
 */
class QueueListener {

	/** The id of the listener's container. */
	static final String ID = "queue";

	private final EventRouter router;

	QueueListener(EventRouter router) {
		this.router = router;
	}

	@SqsListener(value = "${messaging.queue}", id = ID)
	void on(List<Message<String>> messages) {
		this.router.route(messages);
	}

}
