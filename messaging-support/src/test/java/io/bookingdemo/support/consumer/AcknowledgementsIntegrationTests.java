package io.bookingdemo.support.consumer;

import java.util.ArrayList;
import java.util.List;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import io.bookingdemo.support.testapp.IntegrationTestSupport;
import io.bookingdemo.support.testapp.TestTopology;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementsIntegrationTests extends IntegrationTestSupport {

	private static final String QUEUE = "support-test-acknowledgements";

	@Autowired
	private SqsAsyncClient sqs;

	@Test
	void deletesAMessageReceivedTwiceInOneBatchOnceWithItsLatestReceipt() {
		String url = this.sqs.createQueue((request) -> request.queueName(QUEUE)).join().queueUrl();
		this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody("twice")).join();
		software.amazon.awssdk.services.sqs.model.Message first = receive(url, 0);
		software.amazon.awssdk.services.sqs.model.Message second = receive(url, 30);

		new Acknowledgements(this.sqs).acknowledge(List.of(aMessage(url, second, 2), aMessage(url, first, 1)));

		assertThat(first.messageId()).isEqualTo(second.messageId());
		assertThat(TestTopology.messagesIn(QUEUE)).as("messages left, visible or in flight").isZero();
	}

	@Test
	void deletesMoreThanTenMessagesInBatchesOfTen() {
		String url = this.sqs.createQueue((request) -> request.queueName(QUEUE + "-many")).join().queueUrl();
		List<Message<String>> messages = new ArrayList<>();
		for (int index = 0; index < 12; index++) {
			this.sqs.sendMessage((request) -> request.queueUrl(url).messageBody("many")).join();
		}
		while (messages.size() < 12) {
			this.sqs.receiveMessage((request) -> request.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
				.join()
				.messages()
				.forEach((message) -> messages.add(aMessage(url, message, 1)));
		}

		new Acknowledgements(this.sqs).acknowledge(messages);

		assertThat(TestTopology.messagesIn(QUEUE + "-many")).isZero();
	}

	private software.amazon.awssdk.services.sqs.model.Message receive(String url, int visibilityTimeout) {
		return this.sqs
			.receiveMessage((request) -> request.queueUrl(url)
				.maxNumberOfMessages(1)
				.waitTimeSeconds(5)
				.visibilityTimeout(visibilityTimeout))
			.join()
			.messages()
			.get(0);
	}

	private static Message<String> aMessage(String url, software.amazon.awssdk.services.sqs.model.Message received,
			int receiveCount) {
		return MessageBuilder.withPayload(received.body())
			.setHeader(SqsHeaders.SQS_QUEUE_URL_HEADER, url)
			.setHeader(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, received.messageId())
			.setHeader(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, received.receiptHandle())
			.setHeader(SqsHeaders.MessageSystemAttributes.SQS_APPROXIMATE_RECEIVE_COUNT, String.valueOf(receiveCount))
			.build();
	}

}
