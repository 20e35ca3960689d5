package io.bookingdemo.support.deadletters;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import io.bookingdemo.support.problems.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the service's dead-letter queue: its messages with the recorded
 * reason each failed, redrive to the source queue, discard, and the audit of both.
 */
@RestController
@Validated
@RequestMapping("/admin/dead-letters")
@Tag(name = "dead letters", description = "The service's dead-letter queue, for operators")
class DeadLetterController {

	private static final String ALL = "all";

	private final DeadLetterQueue queue;

	private final FailureRecords failures;

	private final DeadLetterAudit audit;

	private final int listLimit;

	private final Counter redriven;

	private final Counter discarded;

	DeadLetterController(DeadLetterQueue queue, FailureRecords failures, DeadLetterAudit audit, MeterRegistry registry,
			int listLimit) {
		this.queue = queue;
		this.failures = failures;
		this.audit = audit;
		this.listLimit = listLimit;
		this.redriven = Counter.builder("dead.letters.redriven")
			.description("Messages an operator moved from the dead-letter queue back to the source queue")
			.tag("queue", queue.sourceQueue())
			.register(registry);
		this.discarded = Counter.builder("dead.letters.discarded")
			.description("Messages an operator deleted from the dead-letter queue")
			.tag("queue", queue.sourceQueue())
			.register(registry);
	}

	@GetMapping
	@Operation(summary = "Lists the dead-lettered messages with the reason each failed",
			description = "Reading a message counts as a receive of it; `limit` caps the messages listed.")
	DeadLetters list(@RequestParam(required = false) @Min(1) @Max(1000) @Nullable Integer limit) {
		List<Message> messages = this.queue.peek((limit != null) ? limit : this.listLimit);
		Map<String, FailureRecords.Recorded> reasons = this.failures
			.find(messages.stream().map(Message::messageId).toList());
		return new DeadLetters(this.queue.name(), this.queue.sourceQueue(), messages.size(),
				messages.stream().map((message) -> deadLetter(message, reasons.get(message.messageId()))).toList());
	}

	@PostMapping("/redrive")
	@Operation(summary = "Moves the named messages, or all, back to the source queue",
			description = "Give either `messageIds` or `\"all\": true`. The action is audited.")
	DeadLetterQueue.Redrive redrive(@RequestBody @Valid RedriveRequest request, Principal operator) {
		List<String> ids = request.messageIds();
		String asked = (ids != null) ? String.join(",", ids) : ALL;
		DeadLetterQueue.Redrive redrive;
		try {
			redrive = this.queue.redrive(ids);
		}
		catch (RuntimeException ex) {
			this.audit.write(operator.getName(), "REDRIVE", asked, this.queue.name(), this.queue.sourceQueue(), 0, 0,
					"failed: " + ex);
			throw ex;
		}
		this.redriven.increment(redrive.moved().size());
		this.audit.write(operator.getName(), "REDRIVE",
				(ids != null) ? asked : ALL + ": " + String.join(",", redrive.moved()), redrive.from(), redrive.to(),
				redrive.moved().size(), redrive.notMoved().size(), "moved %d, not moved %d, not found %d"
					.formatted(redrive.moved().size(), redrive.notMoved().size(), redrive.notFound().size()));
		return redrive;
	}

	@DeleteMapping("/{messageId}")
	@Operation(summary = "Deletes one message from the dead-letter queue", description = "The action is audited.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "`not-found`: no such message in the dead-letter queue")
	ResponseEntity<Void> discard(@PathVariable @NotBlank @Size(max = 128) String messageId, Principal operator) {
		boolean discarded = this.queue.discard(messageId);
		this.audit.write(operator.getName(), "DISCARD", messageId, this.queue.name(), null, discarded ? 1 : 0, 0,
				discarded ? "discarded" : "not found");
		if (!discarded) {
			throw new ErrorResponseException(HttpStatus.NOT_FOUND,
					Problems.notFound("No message " + messageId + " in " + this.queue.name()), null);
		}
		this.discarded.increment();
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/audit")
	@Operation(summary = "Lists the latest redrives and discards, newest first")
	List<DeadLetterAudit.Action> audit(@RequestParam(required = false) @Min(1) @Max(1000) @Nullable Integer limit) {
		return this.audit.latest((limit != null) ? limit : this.listLimit);
	}

	private static DeadLetter deadLetter(Message message, FailureRecords.@Nullable Recorded failure) {
		Map<String, String> attributes = new LinkedHashMap<>();
		message.messageAttributes().forEach((name, value) -> attributes.put(name, text(value)));
		String receiveCount = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
		String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
		return new DeadLetter(message.messageId(), message.body(), attributes,
				(receiveCount != null) ? Integer.parseInt(receiveCount) : 0,
				(sent != null) ? Instant.ofEpochMilli(Long.parseLong(sent)) : null, failure);
	}

	private static String text(MessageAttributeValue value) {
		return (value.stringValue() != null) ? value.stringValue()
				: "(" + value.dataType() + ", " + value.binaryValue().asByteArray().length + " bytes)";
	}

	/**
	 * The messages in the dead-letter queue.
	 *
	 * @param deadLetterQueue the dead-letter queue
	 * @param sourceQueue the queue they failed on
	 * @param count the messages listed
	 * @param messages the messages
	 */
	record DeadLetters(String deadLetterQueue, String sourceQueue, int count, List<DeadLetter> messages) {
	}

	/**
	 * One dead-lettered message.
	 *
	 * @param messageId its SQS message id, the same as in the source queue
	 * @param body its body
	 * @param attributes its message attributes
	 * @param receiveCount its receives so far, on the source queue and the dead-letter
	 * queue together, listings included
	 * @param sentAt when it was sent to the source queue
	 * @param failure why it failed, as recorded at its last failed receive, if recorded
	 */
	record DeadLetter(String messageId, String body, Map<String, String> attributes, int receiveCount,
			@Nullable Instant sentAt, FailureRecords.@Nullable Recorded failure) {
	}

	/**
	 * Which messages a redrive moves: the named ones, or every one when asked for
	 * explicitly. A request that names neither, or both, is refused, so that a forgotten
	 * body never moves the whole queue.
	 *
	 * @param messageIds their ids
	 * @param all {@code true} to move every message
	 */
	record RedriveRequest(@Nullable @Size(min = 1, max = 1000) List<@NotBlank @Size(max = 128) String> messageIds,
			@Nullable Boolean all) {

		@AssertTrue(message = "give either messageIds or \"all\": true")
		boolean isOneSelection() {
			return (this.messageIds != null) != Boolean.TRUE.equals(this.all);
		}

	}

}
