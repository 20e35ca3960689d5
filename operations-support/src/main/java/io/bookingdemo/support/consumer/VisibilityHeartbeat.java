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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.bookingdemo.support.logging.LogText;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;

/**
 * Keeps a message, or every message of a batch, that is still being processed hidden from
 * other consumers: every {@code interval} of processing, it sets the visibility timeout
 * to {@code extension} from now, until processing ends. Without it a message whose
 * processing outlasts the queue's visibility timeout is delivered again meanwhile, to
 * this consumer or another (Spring Cloud AWS 4.1.0 has no such heartbeat, awspring issue
 * 1554). It gives up once processing has lasted {@code maxProcessingTime}: it stops
 * extending, counts the messages in {@code messaging.listener.heartbeat.given.up} and
 * leaves them to their retries, so that a message whose processing never ends is
 * delivered again when its visibility expires and, after its last receive, reaches the
 * dead-letter queue.
 */
public class VisibilityHeartbeat implements MessageInterceptor<Object>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(VisibilityHeartbeat.class);

	private static final String BEAT_HEADER = VisibilityHeartbeat.class.getName() + ".beat";

	private final long intervalMillis;

	private final int extensionSeconds;

	private final long maxProcessingNanos;

	private final MeterRegistry registry;

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
	 * @param maxProcessingTime the processing time after which no beat extends the
	 * visibility any more
	 * @param registry where the messages given up are counted
	 */
	public VisibilityHeartbeat(Duration interval, Duration extension, Duration maxProcessingTime,
			MeterRegistry registry) {
		this.intervalMillis = interval.toMillis();
		this.extensionSeconds = Math.toIntExact(extension.toSeconds());
		this.maxProcessingNanos = maxProcessingTime.toNanos();
		this.registry = registry;
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
		if (visibility == null) {
			return message;
		}
		ScheduledFuture<?> beat = schedule(new Beat(List.of(message), () -> extend(message, visibility)));
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
		ScheduledFuture<?> beat = schedule(new Beat(messages, () -> extend(ids, visibility)));
		return messages.stream()
			.map((message) -> MessageHeaderUtils.addHeaderIfAbsent(message, BEAT_HEADER, beat))
			.toList();
	}

	private ScheduledFuture<?> schedule(Beat beat) {
		ScheduledFuture<?> future = this.scheduler.scheduleAtFixedRate(beat, this.intervalMillis, this.intervalMillis,
				TimeUnit.MILLISECONDS);
		beat.future = future;
		return future;
	}

	private void giveUp(Collection<Message<Object>> messages) {
		for (Message<Object> message : messages) {
			String queue = String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER));
			Counter.builder("messaging.listener.heartbeat.given.up")
				.description("Messages processed for longer than the heartbeat's ceiling, left to their retries")
				.tag("queue", queue)
				.register(this.registry)
				.increment();
			logger.warn(
					"Message {} on {} has been processed for longer than {} ms: its visibility is no longer"
							+ " extended, so that it is delivered again and, after its last receive, dead-lettered",
					MessageHeaderUtils.getRawMessageId(message), LogText.escape(queue),
					TimeUnit.NANOSECONDS.toMillis(this.maxProcessingNanos));
		}
	}

	private void extend(List<String> ids, BatchVisibility visibility) {
		visibility.changeToAsync(this.extensionSeconds).whenComplete((changed, failure) -> {
			if (failure != null) {
				logger.warn("Cannot extend the visibility of messages {}: {}", ids, LogText.escape(failure));
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
						MessageHeaderUtils.getRawMessageId(message), LogText.escape(failure));
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

	// One heartbeat, of one message or one batch: it extends until the ceiling, then
	// gives up once and cancels itself.
	private final class Beat implements Runnable {

		private final long startedAt = System.nanoTime();

		private final Collection<Message<Object>> messages;

		private final Runnable extension;

		private volatile @Nullable ScheduledFuture<?> future;

		private boolean givenUp;

		private Beat(Collection<Message<Object>> messages, Runnable extension) {
			this.messages = messages;
			this.extension = extension;
		}

		@Override
		public void run() {
			if (this.givenUp) {
				return;
			}
			if (System.nanoTime() - this.startedAt < VisibilityHeartbeat.this.maxProcessingNanos) {
				this.extension.run();
				return;
			}
			this.givenUp = true;
			ScheduledFuture<?> future = this.future;
			if (future != null) {
				future.cancel(false);
			}
			giveUp(this.messages);
		}

	}

}
