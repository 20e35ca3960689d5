#!/usr/bin/env bash
# Shows: a burst far above a capped consumer's rate is accepted at once, its queue holds the difference, the ledger writes at its cap and catches up
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

# The short version sends a shorter burst at a lower cap, well below what the ledger can
# write on two shared cores while the others work and every booking is traced, so that it
# still takes several times as long as the others to catch up.
if ((SHORT)); then
  CAP=20 COUNT=200 RATE=100
else
  CAP=50 COUNT=5000 RATE=500
fi
LEDGER_QUEUE=$(queue_of ledger-service)

# Messages ledger-service processed since it started, all event types together.
ledger_processed() {
  curl -K "$OPERATOR" -sf -m 5 "$LEDGER/actuator/prometheus" |
    awk -v q="$LEDGER_QUEUE\"" '/^events_processed_total\{/ && index($0, q) { sum += $NF } END { printf "%d", sum }'
}

restore() {
  demo stop ledger-service >/dev/null 2>&1 || true
  demo start ledger-service >/dev/null 2>&1 || true
}

step "ledger-service restarted with its write rate capped at $CAP messages/s"
ensure_up
demo stop ledger-service >/dev/null
trap restore EXIT
MESSAGING_LISTENER_MAX_RATE=$CAP demo start ledger-service >/dev/null
figure "ledger-service cap (MESSAGING_LISTENER_MAX_RATE)" "$CAP" "messages/s"

step "a burst of $COUNT bookings at $RATE/s; the load generator follows each to every consumer"
demo load "$COUNT" "$RATE" | grep -v '^\s*$' || true
report=$(ls -td "$ROOT"/.demo/load/*/ | head -n 1)report.json
[[ -f $report ]] || {
  echo "no load report"
  exit 1
}

step "what the API, the queues and the consumers did"
figure "API accepted" "$(jq .api.accepted "$report") of $COUNT"
figure "API latency p50 / p99" "$(jq -r '"\(.api.latencyMs.p50) / \(.api.latencyMs.p99)"' "$report")" ms
peak=$(jq --arg q "$LEDGER_QUEUE" '[.series.backlog[$q][]? // 0] | max // 0' "$report")
figure "peak ledger backlog" "$peak" messages
for consumer in payment notification confirmation ledger; do
  figure "$consumer finished, after the last acceptance" \
    "$(jq -r --arg c "$consumer" '.consumers[$c].finishedSecondsAfterLastAccepted' "$report")" s
done
echo "   ledger writes per second (messages, from its postings' timestamps), 5-second averages:"
jq -r '.series.processedPerSecond.ledger | [range(0; length; 5) as $i | .[$i:$i+5] | add / length | round]
  | map(tostring) | join(" ")' "$report" | fold -w 100 | sed 's/^/     /'
max_second=$(jq '.series.processedPerSecond.ledger | max' "$report")
figure "ledger's busiest second" "$max_second" messages
figure "chart" "$(dirname "$report")/chart.png"

step "checks"
accepted_all() {
  jq -e --argjson n "$COUNT" '.api.accepted == $n and (.api.refusedByStatus | length) == 0' "$report" >/dev/null
}
backlog_rose() {
  ((peak > CAP))
}
backlog_drained() {
  (($(depth "$LEDGER_QUEUE") == 0))
}
# The bucket lets a tenth of a second's worth (at least one) through at once, and a
# message received at the end of one second may be written in the next: no second above
# cap + 10 % + 2.
never_above_cap() {
  ((max_second <= CAP + CAP / 10 + 2))
}
others_first() {
  jq -e '.api.seconds as $sending | ($sending + .consumers.ledger.finishedSecondsAfterLastAccepted) as $ledger
    | [.consumers.payment, .consumers.notification, .consumers.confirmation]
    | all($sending + .finishedSecondsAfterLastAccepted < $ledger * 3 / 4)' "$report" >/dev/null
}
postings_exactly_once() {
  jq -e --argjson n "$COUNT" '.consumers.ledger.exactlyOnce == $n and .consumers.ledger.expectedPerBooking == 4' \
    "$report" >/dev/null
}
dlqs_empty() {
  local queue
  for queue in $(jq -r '.queues[].name' "$ROOT/infra/topology.json"); do
    (($(depth "$queue-dlq") == 0)) || return 1
  done
}
no_redelivery() {
  (($(ledger_processed) == 2 * COUNT))
}
check "the API accepted all $COUNT, no error" accepted_all
check "the ledger's backlog rose above one second of its cap" backlog_rose
check "the ledger's backlog drained to zero" backlog_drained
check "the ledger wrote at most its cap ($max_second in its busiest second)" never_above_cap
check "payment, notification and booking-api finished within three quarters of the ledger's time" others_first
check "every booking has its 4 postings exactly once" postings_exactly_once
check "every dead-letter queue is empty" dlqs_empty
check "the ledger processed each of its $((2 * COUNT)) messages once (no redelivery)" no_redelivery

finish "the API accepted the whole burst, the ledger's queue held it, and ledger-service wrote at its cap of $CAP/s until it caught up; the others were not held back"
