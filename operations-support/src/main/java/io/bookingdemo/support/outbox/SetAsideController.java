package io.bookingdemo.support.outbox;

import java.security.Principal;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the outbox rows SNS refused until the relay set them aside: list
 * them with the groups they hold, retry or discard them, and read the audit of both.
 */
@RestController
@Validated
@RequestMapping("/admin/outbox")
@Tag(name = "outbox", description = "The outbox rows SNS refused, set aside, for operators")
class SetAsideController {

	private static final int LIST_LIMIT = 100;

	private final SetAsideRows rows;

	SetAsideController(SetAsideRows rows) {
		this.rows = rows;
	}

	@GetMapping("/set-aside")
	@Operation(summary = "Lists the set-aside rows with the reason SNS refused each, and the groups they hold",
			description = "Oldest first; `limit` caps the rows listed.")
	SetAside list(@RequestParam(required = false) @Min(1) @Max(1000) @Nullable Integer limit) {
		int most = (limit != null) ? limit : LIST_LIMIT;
		List<SetAsideRows.SetAsideRow> listed = this.rows.list(most);
		return new SetAside(listed.size(), listed, this.rows.heldGroups(most));
	}

	@PostMapping("/set-aside/retry")
	@Operation(summary = "Gives the named rows, or all, back to the relay",
			description = "Give either `eventIds` or `\"all\": true`. The action is audited.")
	SetAsideRows.Outcome retry(@RequestBody @Valid Selection selection, Principal operator) {
		return this.rows.retry(selection.eventIds(), operator.getName());
	}

	@PostMapping("/set-aside/discard")
	@Operation(summary = "Deletes the named set-aside rows, or all; their events are never published",
			description = "Give either `eventIds` or `\"all\": true`. The action is audited.")
	SetAsideRows.Outcome discard(@RequestBody @Valid Selection selection, Principal operator) {
		return this.rows.discard(selection.eventIds(), operator.getName());
	}

	@GetMapping("/audit")
	@Operation(summary = "Lists the latest retries and discards, newest first")
	List<SetAsideRows.Action> audit(@RequestParam(required = false) @Min(1) @Max(1000) @Nullable Integer limit) {
		return this.rows.audit((limit != null) ? limit : LIST_LIMIT);
	}

	/**
	 * The set-aside rows and, in fifo mode, the groups waiting behind them.
	 *
	 * @param count the rows listed
	 * @param rows the rows, oldest first
	 * @param heldGroups the groups held
	 */
	record SetAside(int count, List<SetAsideRows.SetAsideRow> rows, List<SetAsideRows.HeldGroup> heldGroups) {
	}

	/**
	 * Which set-aside rows an action is for: those of the named events, or every one when
	 * asked for explicitly. A request that names neither, or both, is refused, so that a
	 * forgotten body never acts on them all.
	 *
	 * @param eventIds the events
	 * @param all {@code true} for every set-aside row
	 */
	record Selection(@Nullable @Size(min = 1, max = 1000) List<@NotNull UUID> eventIds, @Nullable Boolean all) {

		@AssertTrue(message = "give either eventIds or \"all\": true")
		boolean isOneSelection() {
			return (this.eventIds != null) != Boolean.TRUE.equals(this.all);
		}

	}

}
