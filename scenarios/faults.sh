#!/usr/bin/env bash
# Shows: faults that are nobody's fault lose, double and dead-letter nothing: a consumer killed with SIGKILL mid-load and restarted; the emulator frozen (SIGSTOP) while bookings are posted, every POST still answered 201
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BOOKINGS=$((SHORT ? 40 : 200))
RATE=$((SHORT ? 10 : 20))
FREEZE=$((SHORT ? 10 : 30))
PIDS="$ROOT/.demo/pids"
ENDPOINT=http://127.0.0.1:4566

group_of() {
  cat "$PIDS/$1.pid"
}

sqs() {
  curl -sf -m 5 "$ENDPOINT" -H "X-Amz-Target: AmazonSQS.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' -d "$2"
}

# Messages in a queue, visible and in flight.
depth() {
  local url
  url=$(sqs GetQueueUrl "{\"QueueName\":\"$1\"}" | jq -r .QueueUrl)
  sqs GetQueueAttributes "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"ApproximateNumberOfMessages\",\
\"ApproximateNumberOfMessagesNotVisible\"]}" |
    jq -r '.Attributes | (.ApproximateNumberOfMessages | tonumber) + (.ApproximateNumberOfMessagesNotVisible | tonumber)'
}

# The bookings of the last load whose effects are not there exactly once: one payment, two
# postings per event (created, then captured or declined) and two e-mails (received, then
# confirmed or rejected).
doubled_or_missing() {
  local id payments postings emails bad=0
  while read -r id; do
    payments=$(curl -sf "localhost:8081/payments?bookingId=$id" | jq length)
    postings=$(curl -sf "localhost:8082/ledger/entries?bookingId=$id" | jq length)
    emails=$(curl -sf "localhost:8083/notifications?bookingId=$id" | jq length)
    if [[ $payments != 1 || $postings != 4 || $emails != 2 ]]; then
      echo "   booking $id: $payments payments, $postings postings, $emails e-mails" >&2
      bad=$((bad + 1))
    fi
  done <"$ROOT/.demo/load/last.ids"
  echo "$bad"
}

# The saga's later events (captured, confirmed) follow the first ones by a moment: waits up
# to a minute for every booking to be complete before counting what is not.
settled() {
  local deadline=$((SECONDS + 60)) missing
  while missing=$(doubled_or_missing 2>/dev/null) && ((missing > 0 && SECONDS < deadline)); do
    sleep 2
  done
  doubled_or_missing
}

dead_letters() {
  local queue total=0
  for queue in $(jq -r '.queues[].name + "-dlq"' "$ROOT/infra/topology.json"); do
    total=$((total + $(depth "$queue")))
  done
  echo "$total"
}

ensure_up
dead_before=$(dead_letters)
figure "messages in the DLQs before" "$dead_before"

step "ledger-service killed with SIGKILL mid-load, then restarted"
demo load "$BOOKINGS" "$RATE" >"$ROOT/.demo/load/faults-kill.out" 2>&1 &
load=$!
sleep $((BOOKINGS / RATE / 2))
kill -KILL -- "-$(group_of ledger-service)"
figure "ledger-service killed after" "$((BOOKINGS / RATE / 2))" s
demo start ledger-service >/dev/null
wait "$load" || true
grep -E 'accepted in' "$ROOT/.demo/load/faults-kill.out" | sed 's/^/   /'
check "every booking reached every consumer after the restart" demo verify
missing=$(settled)
figure "bookings without exactly one payment, 4 postings, 2 e-mails" "$missing"
check "every booking's effects exactly once" test "$missing" -eq 0

step "the emulator frozen for $FREEZE s while bookings are posted"
demo load "$BOOKINGS" "$RATE" >"$ROOT/.demo/load/faults-freeze.out" 2>&1 &
load=$!
sleep 1
kill -STOP -- "-$(group_of fauxqs)"
frozen_at=$SECONDS
sleep "$FREEZE"
kill -CONT -- "-$(group_of fauxqs)"
figure "emulator frozen for" "$((SECONDS - frozen_at))" s
wait "$load" || true
grep -E 'accepted in' "$ROOT/.demo/load/faults-freeze.out" | sed 's/^/   /'
accepted=$(grep -oE '^[0-9]+ of [0-9]+ accepted' "$ROOT/.demo/load/faults-freeze.out" | cut -d' ' -f1)
check "every POST answered 201 while the emulator was frozen" test "${accepted:-0}" -eq "$BOOKINGS"
check "every booking reached every consumer after the thaw" demo verify
missing=$(settled)
figure "bookings without exactly one payment, 4 postings, 2 e-mails" "$missing"
check "every booking's effects exactly once" test "$missing" -eq 0

dead_after=$(dead_letters)
figure "messages in the DLQs after" "$dead_after"
check "nothing dead-lettered" test "$dead_after" -eq "$dead_before"
finish "a killed consumer and a frozen emulator lose, double and dead-letter nothing"
