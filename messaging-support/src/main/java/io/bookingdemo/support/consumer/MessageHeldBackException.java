package io.bookingdemo.support.consumer;

import io.awspring.cloud.sqs.listener.SqsHeaders;

import org.springframework.messaging.Message;

/**
 * The failure of a FIFO message that was not applied because an earlier message of its
 * group failed in the same batch: it is delivered again after that one.
 */
class MessageHeldBackException extends RuntimeException {

	MessageHeldBackException(Message<String> failed, Object group) {
		super("Held back behind message " + failed.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER) + " of group "
				+ group + ", which failed");
	}

}
