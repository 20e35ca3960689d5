#!/usr/bin/env bash
# Shows: one burst of bookings, each confirmed then cancelled, on standard then FIFO queues, with a flaky mail server: events out of their booking's order, e-mails out of lifecycle order, duplicates, effects exactly once, throughput
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BOOKINGS=$((SHORT ? 20 : 200))
RATE=$((SHORT ? 10 : 25))
# The share of e-mails the simulated mail server refuses once: their event is received again
# after the listener's backoff, by which time the booking's next event may have overtaken it.
REFUSAL_RATE=0.2
CONSUMERS=(booking-api payment-service ledger-service notification-service)
# The events each consumer processes for one booking that is confirmed, then cancelled.
declare -A PER_BOOKING=([booking-api]=1 [payment-service]=2 [ledger-service]=3 [notification-service]=4)
STATE="$ROOT/.demo/ordering"

COUNTERS=(events_processed_total events_out_of_order_total events_duplicate_deliveries_total
  events_duplicates_skipped_total events_failed_total)
declare -A BASELINE=()

# The sum of a counter's series on one service, 0 if it has none yet.
counter() {
  curl -K "$OPERATOR" -sf -m 5 "http://127.0.0.1:$(port_of "$1")/actuator/prometheus" |
    awk -v name="$2" '$1 ~ "^"name"({|$)" { sum += $2 } END { printf "%d", sum }'
}

# A counter's growth since the mode's run began: the services of a demo that was already
# running have counted other scenarios' events.
metric() {
  echo $(($(counter "$1" "$2") - ${BASELINE[$1 $2]:-0}))
}

# The mode of the demo running now, empty if none runs.
running_mode() {
  if [[ -f $ROOT/.demo/mode ]] && sqs ListQueues '{}' >/dev/null 2>&1; then cat "$ROOT/.demo/mode"; fi
}

# The demo in the mode given, its notification-service with the flaky mail server: a demo
# already running in that mode restarts only notification-service.
start_mode() {
  local mode=$1 service name
  if [[ $(running_mode) == "$mode" ]] && demo up >/dev/null 2>&1; then
    demo stop notification-service >/dev/null
    NOTIFICATION_MAIL_REFUSAL_RATE=$REFUSAL_RATE demo start notification-service >/dev/null
  else
    demo down >/dev/null
    NOTIFICATION_MAIL_REFUSAL_RATE=$REFUSAL_RATE MESSAGING_MODE=$mode demo up >/dev/null
  fi
  BASELINE=()
  for service in "${CONSUMERS[@]}"; do
    for name in "${COUNTERS[@]}"; do BASELINE[$service $name]=$(counter "$service" "$name"); done
  done
}

now_ms() {
  date +%s%3N
}

# Cancels each booking once it is confirmed, as its customer (the token loadgen booked it
# with, in TOKENS); prints how many were cancelled.
cancel_when_confirmed() {
  local ids=$1 tokens=$2 deadline=$((SECONDS + 120)) left status cancelled=0 id token
  local -A token_of=()
  while read -r id token; do token_of[$id]=$token; done <"$tokens"
  cp "$ids" "$STATE/to-cancel"
  while [[ -s $STATE/to-cancel ]] && ((SECONDS < deadline)); do
    : >"$STATE/still"
    while read -r id; do
      status=$(curl -K "$OPERATOR" -sf -m 5 "$API/bookings/$id" | jq -r .status) || status=unknown
      if [[ $status == CONFIRMED ]] &&
        [[ $(curl -K <(printf 'header = "Authorization: Bearer %s"\n' "${token_of[$id]:-}") -s -o /dev/null \
          -w '%{http_code}' -m 5 -X POST "$API/bookings/$id/cancel") == 200 ]]; then
        cancelled=$((cancelled + 1))
      elif [[ $status != CANCELLED ]]; then
        echo "$id" >>"$STATE/still"
      fi
    done <"$STATE/to-cancel"
    mv "$STATE/still" "$STATE/to-cancel"
    [[ -s $STATE/to-cancel ]] && sleep 0.5
  done
  echo "$cancelled"
}

# Waits until a consumer processed every event of the burst; prints when, in ms.
await_processed() {
  local service=$1 expected=$2 deadline=$((SECONDS + 180))
  while (($(metric "$service" events_processed_total) < expected)) && ((SECONDS < deadline)); do
    sleep 0.5
  done
  now_ms
}

# Counts the bookings whose effects are not exactly one refunded payment, six ledger
# entries and four distinct e-mails.
wrong_effects() {
  local wrong=0 payments entries mails
  while read -r id; do
    payments=$(curl -K "$OPERATOR" -sf -m 5 "$PAYMENTS/payments?bookingId=$id" | jq -r '[.[] | .status] | join(",")')
    entries=$(curl -K "$OPERATOR" -sf -m 5 "$LEDGER/ledger/entries?bookingId=$id" | jq 'length')
    mails=$(curl -K "$OPERATOR" -sf -m 5 "$NOTIFICATIONS/notifications?bookingId=$id" | jq '[.[] | .type] | unique | length')
    mails_total=$(curl -K "$OPERATOR" -sf -m 5 "$NOTIFICATIONS/notifications?bookingId=$id" | jq 'length')
    if [[ $payments != REFUNDED || $entries != 6 || $mails != 4 || $mails_total != 4 ]]; then
      wrong=$((wrong + 1))
    fi
  done <"$1"
  echo "$wrong"
}

# Counts the bookings whose e-mails were not sent in lifecycle order: received, confirmed,
# cancelled, refund.
mails_out_of_order() {
  local wrong=0 order
  while read -r id; do
    order=$(curl -K "$OPERATOR" -sf -m 5 "$NOTIFICATIONS/notifications?bookingId=$id" |
      jq -r 'sort_by(.createdAt) | map(.type) | join(",")')
    [[ $order == BOOKING_RECEIVED,BOOKING_CONFIRMED,BOOKING_CANCELLED,REFUND_ISSUED ]] || wrong=$((wrong + 1))
  done <"$1"
  echo "$wrong"
}

run_mode() {
  local mode=$1 started ids accepted cancelled service expected done_at seconds out_of_order mails_disordered dead_before
  step "$mode: $BOOKINGS bookings at $RATE/s, each confirmed, then cancelled; the mail server refuses $REFUSAL_RATE of the e-mails once"
  start_mode "$mode"
  dead_before=$(dead_letters "$mode")
  mkdir -p "$STATE"
  started=$(now_ms)
  demo load "$BOOKINGS" "$RATE" >"$STATE/$mode.load" || true
  ids="$STATE/$mode.ids"
  cp "$ROOT/.demo/load/last.ids" "$ids"
  cp "$ROOT/.demo/load/last.tokens" "$STATE/$mode.tokens"
  accepted=$(wc -l <"$ids")
  cancelled=$(cancel_when_confirmed "$ids" "$STATE/$mode.tokens")
  figure "bookings accepted, then cancelled" "$accepted, $cancelled"
  printf '   %-22s %12s %12s %12s %12s %10s\n' consumer "out of order" "broker dups" "dups skipped" events "events/s (run)"
  for service in "${CONSUMERS[@]}"; do
    expected=$((accepted * ${PER_BOOKING[$service]}))
    done_at=$(await_processed "$service" "$expected")
    seconds=$(awk -v a="$started" -v b="$done_at" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
    out_of_order=$(metric "$service" events_out_of_order_total)
    printf '   %-22s %12d %12d %12d %12d %10s\n' "$service" "$out_of_order" \
      "$(metric "$service" events_duplicate_deliveries_total)" "$(metric "$service" events_duplicates_skipped_total)" \
      "$(metric "$service" events_processed_total)" \
      "$(awk -v n="$expected" -v s="$seconds" 'BEGIN { printf "%.1f", n / (s > 0 ? s : 1) }')"
    echo "$service $out_of_order" >>"$STATE/$mode.out-of-order"
  done
  mails_disordered=$(mails_out_of_order "$ids")
  figure "failed receives at notification-service, all retried" "$(metric notification-service events_failed_total)"
  figure "bookings whose e-mails were sent out of lifecycle order" "$mails_disordered"
  check "$mode: every booking accepted and cancelled" test "$accepted" -eq "$BOOKINGS" -a "$cancelled" -eq "$accepted"
  check "$mode: no message dead-lettered" test "$(dead_letters "$mode")" -eq "$dead_before"
  check "$mode: effects exactly once (1 refunded payment, 6 ledger entries, 4 e-mails per booking)" \
    test "$(wrong_effects "$ids")" -eq 0
  if [[ $mode == fifo ]]; then
    check "fifo: no event received out of its booking's order" \
      test "$(awk '{ sum += $2 } END { print sum + 0 }' "$STATE/$mode.out-of-order")" -eq 0
    check "fifo: every booking's e-mails in lifecycle order" test "$mails_disordered" -eq 0
  fi
}

rm -rf "$STATE"
# The mode the demo runs in first, if it runs: that saves one start of the whole demo.
FOUND=$(running_mode)
if [[ $FOUND == fifo ]]; then MODES=(fifo standard); else MODES=(standard fifo); fi
for mode in "${MODES[@]}"; do run_mode "$mode"; done
# A demo found running is left running, in the second mode, its mail server reliable again.
if [[ -n $FOUND ]]; then
  demo stop notification-service >/dev/null
  demo start notification-service >/dev/null
else
  demo down >/dev/null
fi
finish "on standard queues a retried event can be overtaken by its booking's next one, on FIFO queues it holds its booking's group; the idempotent consumers keep every effect exactly once in both"
