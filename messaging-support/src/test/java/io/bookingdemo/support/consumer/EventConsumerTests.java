package io.bookingdemo.support.consumer;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bookingdemo.support.tracing.MessageTracing;
import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class EventConsumerTests {

	private final ProcessedEvents processedEvents = mock(ProcessedEvents.class);

	private final TransactionTemplate transaction = mock(TransactionTemplate.class);

	private final Acknowledgements acknowledgements = mock(Acknowledgements.class);

	private final List<ConsumedMessage> observed = new ArrayList<>();

	private final ListenerPause pause = mock(ListenerPause.class);

	private final EventConsumer consumer = new EventConsumer(this.processedEvents, this.transaction, this.pause,
			this.acknowledgements, List.of(this.observed::addAll), Duration.ofSeconds(5),
			EventRouterTests.defaultChecks(), MessageTracing.off());

	private final List<String> applied = new ArrayList<>();

	private final EventRouter router = EventRouter.of(JsonMapper.builder().build(), this.consumer,
			List.of(new EventRoutes().on("WidgetShipped", 1, Shipped.class, Shipped::eventId, (event) -> {
				if (event.name().startsWith("poison")) {
					throw new IllegalStateException(event.name() + " refused");
				}
				this.applied.add(event.name());
				return Outcome.applied();
			})));

	@Test
	@SuppressWarnings("unchecked")
	void stopsAFifoGroupAtItsFailureAndGoesOnWithTheOtherGroups() {
		given(this.processedEvents.claim(any()))
			.willAnswer((invocation) -> new HashSet<>(invocation.<Map<UUID, String>>getArgument(0).keySet()));
		given(this.transaction.execute(any()))
			.willAnswer((invocation) -> invocation.<TransactionCallback<Object>>getArgument(0)
				.doInTransaction(new SimpleTransactionStatus()));
		Message<String> first = aMessage("g-1", "first");
		Message<String> poison = aMessage("g-1", "poison");
		Message<String> behind = aMessage("g-1", "behind");
		Message<String> other = aMessage("g-2", "other");

		ListenerExecutionFailedException failure = catchThrowableOfType(ListenerExecutionFailedException.class,
				() -> this.router.route(List.of(first, poison, other, behind)));

		assertThat(this.applied).as("effects run: in the batch's try, then one at a time, none behind the poison")
			.containsExactly("first", "first", "other");
		assertThat(failure.getFailedMessages()).containsExactly(poison, behind);
		assertThat(failure).hasRootCauseMessage("java.lang.IllegalStateException: poison refused");
		verify(this.acknowledgements).acknowledge(List.of(first, other));
		assertThat(this.observed).extracting(ConsumedMessage::status)
			.containsExactly(ConsumedMessage.Status.APPLIED, ConsumedMessage.Status.FAILED,
					ConsumedMessage.Status.APPLIED, ConsumedMessage.Status.FAILED);
		assertThat(this.observed.get(3).failure()).isInstanceOf(MessageHeldBackException.class);
	}

	@Test
	@SuppressWarnings("unchecked")
	void rethrowsAFailureWithItsMessagesEscapedAndItsStackTraceKept() {
		given(this.processedEvents.claim(any()))
			.willAnswer((invocation) -> new HashSet<>(invocation.<Map<UUID, String>>getArgument(0).keySet()));
		given(this.transaction.execute(any()))
			.willAnswer((invocation) -> invocation.<TransactionCallback<Object>>getArgument(0)
				.doInTransaction(new SimpleTransactionStatus()));
		Message<String> forged = aMessage("g-1", "poison\\n2026-12-06 INFO forged line");

		ListenerExecutionFailedException failure = catchThrowableOfType(ListenerExecutionFailedException.class,
				() -> this.router.route(List.of(forged)));

		assertThat(failure.getCause())
			.hasMessage("java.lang.IllegalStateException: poison\\n2026-12-06 INFO forged line refused")
			.satisfies((cause) -> assertThat(cause.getStackTrace()).isNotEmpty()
				.anySatisfy((frame) -> assertThat(frame.getClassName()).isEqualTo(EventConsumerTests.class.getName())));
		assertThat(this.observed).singleElement()
			.satisfies((consumed) -> assertThat(consumed.failure()).isInstanceOf(IllegalStateException.class));
	}

	@Test
	void triesAgainInPlaceWhileThePoolIsBusyAndTheDatabaseAnswers() {
		claimEverything();
		CannotCreateTransactionException poolTimeout = aPoolTimeout();
		given(this.transaction.execute(any())).willThrow(poolTimeout, poolTimeout)
			.willAnswer((invocation) -> invocation.<TransactionCallback<Object>>getArgument(0)
				.doInTransaction(new SimpleTransactionStatus()));
		given(this.pause.pauseIfUnreachable(poolTimeout)).willReturn(false);
		Message<String> first = aMessage("g-1", "first");
		Message<String> second = aMessage("g-2", "second");

		this.router.route(List.of(first, second));

		assertThat(this.applied).containsExactly("first", "second");
		verify(this.transaction, times(3)).execute(any());
		verify(this.acknowledgements).acknowledge(List.of(first, second));
	}

	@Test
	void failsTheBatchAtOnceWhenTheProbeFindsTheDatabaseOutOfReach() {
		CannotCreateTransactionException poolTimeout = aPoolTimeout();
		given(this.transaction.execute(any())).willThrow(poolTimeout);
		given(this.pause.pauseIfUnreachable(poolTimeout)).willReturn(true);
		Message<String> first = aMessage("g-1", "first");
		Message<String> second = aMessage("g-2", "second");

		ListenerExecutionFailedException failure = catchThrowableOfType(ListenerExecutionFailedException.class,
				() -> this.router.route(List.of(first, second)));

		assertThat(failure.getFailedMessages()).containsExactly(first, second);
		assertThat(DatabaseOutages.isOutage(failure)).isTrue();
		verify(this.transaction, times(1)).execute(any());
		verify(this.acknowledgements).acknowledge(List.of());
	}

	@Test
	void returnsTheBatchToTheQueueWhenThePoolStaysBusyBeyondTheWait() {
		EventConsumer impatient = new EventConsumer(this.processedEvents, this.transaction, this.pause,
				this.acknowledgements, List.of(this.observed::addAll), Duration.ZERO, EventRouterTests.defaultChecks(),
				MessageTracing.off());
		EventRouter router = EventRouter.of(JsonMapper.builder().build(), impatient, List.of(new EventRoutes()
			.on("WidgetShipped", 1, Shipped.class, Shipped::eventId, (event) -> Outcome.applied())));
		CannotCreateTransactionException poolTimeout = aPoolTimeout();
		given(this.transaction.execute(any())).willThrow(poolTimeout);
		given(this.pause.pauseIfUnreachable(poolTimeout)).willReturn(false);
		Message<String> only = aMessage("g-1", "only");

		ListenerExecutionFailedException failure = catchThrowableOfType(ListenerExecutionFailedException.class,
				() -> router.route(List.of(only)));

		assertThat(failure.getFailedMessages()).containsExactly(only);
		verify(this.transaction, times(1)).execute(any());
	}

	private void claimEverything() {
		given(this.processedEvents.claim(any()))
			.willAnswer((invocation) -> new HashSet<>(invocation.<Map<UUID, String>>getArgument(0).keySet()));
	}

	private static CannotCreateTransactionException aPoolTimeout() {
		return new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
				new SQLTransientConnectionException("Connection is not available, request timed out after 500ms"));
	}

	private static Message<String> aMessage(String group, String name) {
		return MessageBuilder.withPayload("{\"eventId\":\"%s\",\"name\":\"%s\"}".formatted(UUID.randomUUID(), name))
			.setHeader("eventType", "WidgetShipped")
			.setHeader("eventVersion", "1")
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER, group)
			.setHeader(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, name)
			.build();
	}

	record Shipped(UUID eventId, String name) {

	}

}
