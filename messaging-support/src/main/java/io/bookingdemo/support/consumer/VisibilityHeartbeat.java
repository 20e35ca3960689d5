package io.bookingdemo.support.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.BatchVisibility;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandlerVisibilityHelper;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;

/**
 * Keeps a message, or every message of a batch, that is still being processed hidden from
 * other consumers: every {@code interval} of processing, it sets the visibility timeout
 * to {@code extension} from now, until processing ends. Without it a message whose
 * processing outlasts the queue's visibility timeout is delivered again meanwhile, to
 * this consumer or another (Spring Cloud AWS 4.1.0 has no such heartbeat, awspring issue
 * 1554).
 */
public class VisibilityHeartbeat implements MessageInterceptor<Object>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private static final String BEAT_HEADER = VisibilityHeartbeat.class.getName() + ".beat";

	private final long intervalMillis;

	private final int extensionSeconds;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "visibility-heartbeat");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates the heartbeat.
	 * @param interval the processing time after which, and between which, the visibility
	 * is extended; shorter than the queue's visibility timeout
	 * @param extension the visibility timeout each beat sets, from the time of the beat
	 */
	public VisibilityHeartbeat(Duration interval, Duration extension) {
		this.intervalMillis = interval.toMillis();
		this.extensionSeconds = Math.toIntExact(extension.toSeconds());
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		if (visibility == null) {
			return message;
		}
		ScheduledFuture<?> beat = this.scheduler.scheduleAtFixedRate(() -> extend(message, visibility),
				this.intervalMillis, this.intervalMillis, TimeUnit.MILLISECONDS);
		return MessageHeaderUtils.addHeaderIfAbsent(message, BEAT_HEADER, beat);
	}

	@Override
	public Collection<Message<Object>> intercept(Collection<Message<Object>> messages) {
		if (messages.isEmpty() || messages.stream()
			.anyMatch((message) -> !message.getHeaders().containsKey(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER))) {
			return messages;
		}
		BatchVisibility visibility = ErrorHandlerVisibilityHelper.getVisibility(messages);
		List<String> ids = messages.stream().map(MessageHeaderUtils::getRawMessageId).toList();
		ScheduledFuture<?> beat = this.scheduler.scheduleAtFixedRate(() -> extend(ids, visibility), this.intervalMillis,
				this.intervalMillis, TimeUnit.MILLISECONDS);
		return messages.stream()
			.map((message) -> MessageHeaderUtils.addHeaderIfAbsent(message, BEAT_HEADER, beat))
			.toList();
	}

	private void extend(List<String> ids, BatchVisibility visibility) {
		visibility.changeToAsync(this.extensionSeconds).whenComplete((changed, failure) -> {
			if (failure != null) {
				logger.warn("Cannot extend the visibility of messages {}: {}", ids, failure.toString());
			}
			else {
				logger.debug("Extended the visibility of messages {} by {} s", ids, this.extensionSeconds);
			}
		});
	}

	private void extend(Message<Object> message, Visibility visibility) {
		visibility.changeToAsync(this.extensionSeconds).whenComplete((changed, failure) -> {
			if (failure != null) {
				logger.warn("Cannot extend the visibility of message {}: {}",
						MessageHeaderUtils.getRawMessageId(message), failure.toString());
			}
			else {
				logger.debug("Extended the visibility of message {} by {} s",
						MessageHeaderUtils.getRawMessageId(message), this.extensionSeconds);
			}
		});
	}

	// Runs after the error handler, so a beat can only fall between its change of the
	// visibility and this: the message then waits one extension instead of its backoff.
	@Override
	public void afterProcessing(Message<Object> message, Throwable failure) {
		ScheduledFuture<?> beat = message.getHeaders().get(BEAT_HEADER, ScheduledFuture.class);
		if (beat != null) {
			beat.cancel(false);
		}
	}

	@Override
	public void afterProcessing(Collection<Message<Object>> messages, Throwable failure) {
		messages.forEach((message) -> afterProcessing(message, failure));
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
