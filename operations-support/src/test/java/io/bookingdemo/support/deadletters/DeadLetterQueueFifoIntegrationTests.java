package io.bookingdemo.support.deadletters;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import tools.jackson.databind.json.JsonMapper;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redrive from a FIFO dead-letter queue against the emulator: the copy goes back to its
 * message group, and SQS's deduplication does not drop it although its event went through
 * the queue minutes before.
 */
class DeadLetterQueueFifoIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private SqsAsyncClient sqs;

	@Test
	void redrivesAMessageToItsGroupUnderADeduplicationIdThatIsNotTheEventId() {
		DeadLetterQueue deadLetters = new DeadLetterQueue(this.sqs, JsonMapper.builder().build(),
				TestTopology.FIFO_QUEUE, 100, Clock.systemUTC());
		String group = "booking-" + UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		String body = "{\"eventId\":\"" + eventId + "\"}";
		// The event went through the queue under its id and failed there: within the five
		// minutes, a copy under the same deduplication id would be dropped.
		TestTopology.sendFifo(TestTopology.FIFO_QUEUE, body, Map.of("eventId", eventId), group, eventId);
		assertThat(TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_QUEUE)).extracting(Message::body)
			.containsExactly(body);
		String deadLetterId = TestTopology.sendFifo(TestTopology.FIFO_DEAD_LETTER_QUEUE, body,
				Map.of("eventId", eventId), group, eventId);

		DeadLetterQueue.Redrive redrive = deadLetters.redrive(List.of(deadLetterId));

		assertThat(redrive.moved()).containsExactly(deadLetterId);
		assertThat(deadLetters.name()).isEqualTo(TestTopology.FIFO_DEAD_LETTER_QUEUE);
		List<Message> back = await().atMost(Duration.ofSeconds(30))
			.until(() -> TestTopology.receiveAndDeleteFifo(TestTopology.FIFO_QUEUE), (messages) -> !messages.isEmpty());
		assertThat(back).singleElement().satisfies((message) -> {
			assertThat(message.body()).isEqualTo(body);
			assertThat(message.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, group)
				.containsEntry(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, deadLetterId);
			assertThat(message.messageAttributes().get("eventId").stringValue()).isEqualTo(eventId);
		});
		assertThat(TestTopology.messagesIn(TestTopology.FIFO_DEAD_LETTER_QUEUE)).isZero();
	}

}
