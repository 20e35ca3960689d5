#!/usr/bin/env bash
# Shows: a stopped consumer loses nothing: bookings are still accepted, its queue holds them, and it catches up exactly once
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONSUMER=payment-service
QUEUE=$(queue_of payment-service)
BOOKINGS=300
RATE=50
((SHORT)) && BOOKINGS=60 RATE=30
IDS="$ROOT/.demo/load/last.ids"

# Waits until the queue holds the number of messages given; prints how long it took.
await_depth() {
  local queue=$1 wanted=$2 timeout=$3 started=$SECONDS
  until [[ $(depth "$queue") == "$wanted" ]]; do
    ((SECONDS - started < timeout)) || return 1
    sleep 0.2
  done
}

restart_consumer() {
  demo start "$CONSUMER" >/dev/null 2>&1 || true
}
trap restart_consumer EXIT

step "the demo, then $CONSUMER stopped"
ensure_up
for service in payment-service ledger-service notification-service; do
  demo start "$service" >/dev/null
done
dead_before=$(dead_letters)
demo stop "$CONSUMER" >/dev/null
check "$CONSUMER is stopped" bash -c "! curl -sf -m 2 -o /dev/null $PAYMENTS/actuator/health"

step "$BOOKINGS bookings at $RATE/s while it is down"
demo load "$BOOKINGS" "$RATE" | sed 's/^/   /'
accepted=$(wc -l <"$IDS")
figure "bookings accepted" "$accepted of $BOOKINGS"
check "every booking is accepted: booking-api does not wait for its consumers" test "$accepted" = "$BOOKINGS"
await_depth "$QUEUE" "$accepted" 60 || true
backlog=$(depth "$QUEUE")
figure "$QUEUE holds" "$backlog" messages
check "the stopped consumer's queue holds one message per booking" test "$backlog" = "$accepted"

step "$CONSUMER started again"
started=$(date +%s%N)
demo start "$CONSUMER" | sed 's/^/   /'
ready=$(date +%s%N)
left=$(depth "$QUEUE")
figure "left in its queue when it reported ready" "$left of $accepted" "(its listener starts before readiness)"
check "it drains its queue" await_depth "$QUEUE" 0 $((60 + accepted / 5))
drained=$(date +%s%N)
figure "queue empty" "$(((drained - started) / 1000000)) ms after the start command," \
  "$(((drained - ready) / 1000000)) ms after it was ready"
check "every consumer has every booking (./demo.sh verify)" demo verify

step "exactly once, nothing dead-lettered"
check "one payment per booking, captured" \
  test "$(not_exactly_once "$PAYMENTS/payments?bookingId=" '[.[].status]' '["CAPTURED"]')" = 0
check "four postings per booking" \
  test "$(not_exactly_once "$LEDGER/ledger/entries?bookingId=" 'length' "$EXPECTED_POSTINGS")" = 0
check "two e-mails per booking, received and confirmed" \
  test "$(not_exactly_once "$NOTIFICATIONS/notifications?bookingId=" '[.[].type] | sort' \
    '["BOOKING_CONFIRMED","BOOKING_RECEIVED"]')" = 0
check "every booking CONFIRMED once its payment arrived" \
  test "$(not_exactly_once "$API/bookings/" '.status' '"CONFIRMED"')" = 0
dead_after=$(dead_letters)
figure "messages in dead-letter queues" "$dead_after (before: $dead_before)"
check "no message reached a dead-letter queue" test "$dead_after" = "$dead_before"

finish "with $CONSUMER down, booking-api accepted all $accepted bookings and its queue held them; restarted, it caught up, every effect exactly once, nothing dead-lettered"
