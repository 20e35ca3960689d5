#!/usr/bin/env bash
# Shows: on FIFO queues one poison message holds only its booking's later events until it is dead-lettered, while other bookings flow; discarding it empties the DLQ
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OTHERS=$((SHORT ? 5 : 20))
QUEUE=$(queue_of notification-service).fifo
DLQ=$(queue_of notification-service)-dlq.fifo

book() {
  local n=$1
  curl -K "$CUSTOMER" -sf -m 10 -H 'Content-Type: application/json' "$API/bookings" -d "$(printf \
    '{"customerEmail":"hol-%s@example.com","resourceId":"hol-room-%s-%s","startDate":"%s","endDate":"%s","amount":"120.00","currency":"EUR"}' \
    "$n" "$n" "$RANDOM" "$(date -d '+40 days' +%F)" "$(date -d '+42 days' +%F)")" | jq -r .id
}

status_of() {
  curl -K "$OPERATOR" -sf -m 5 "$API/bookings/$1" | jq -r .status
}

mails() {
  curl -K "$OPERATOR" -sf -m 5 "$NOTIFICATIONS/notifications?bookingId=$1" | jq -r '[.[] | .type] | join(",")'
}

# Waits until a command's output matches, at most a number of seconds; true if it did.
wait_for() {
  local seconds=$1 pattern=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until [[ $("$@") =~ $pattern ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

step "the demo on FIFO queues"
if ! demo up --fifo >/dev/null 2>&1; then
  demo down >/dev/null
  demo up --fifo >/dev/null
fi
victim=$(book 0)
check "booking $victim confirmed, its first two e-mails sent" \
  wait_for 60 'BOOKING_RECEIVED,BOOKING_CONFIRMED' mails "$victim"

step "a poison message enters the victim's group in $QUEUE, then the victim is cancelled"
sqs SendMessage "{\"QueueUrl\":\"$(queue_url "$QUEUE")\",\"MessageBody\":\"not an event\",\
\"MessageGroupId\":\"$victim\",\"MessageDeduplicationId\":\"poison-$victim\"}" >/dev/null
poisoned=$SECONDS
curl -K "$CUSTOMER" -sf -m 10 -o /dev/null -X POST "$API/bookings/$victim/cancel"
check "the victim is cancelled at booking-api" wait_for 30 '^CANCELLED$' status_of "$victim"

step "$OTHERS other bookings, each in its own group, flow meanwhile"
others=()
for ((i = 1; i <= OTHERS; i++)); do others+=("$(book "$i")"); done
for id in "${others[@]}"; do
  wait_for 60 'BOOKING_CONFIRMED' mails "$id" || true
done
flowed=0
for id in "${others[@]}"; do [[ $(mails "$id") == *BOOKING_CONFIRMED* ]] && flowed=$((flowed + 1)); done
figure "other bookings confirmed by e-mail" "$flowed of $OTHERS" "after $((SECONDS - poisoned)) s"
figure "victim's e-mails while the poison is retried" "$(mails "$victim")"
figure "messages in $QUEUE (poison + those behind it)" "$(depth "$QUEUE")"
check "the other bookings flowed past the poisoned group" test "$flowed" -eq "$OTHERS"
check "the victim's cancellation e-mail waits behind the poison" \
  test "$(mails "$victim")" == "BOOKING_RECEIVED,BOOKING_CONFIRMED"

step "the poison reaches $DLQ after its receives, and the group moves on"
check "the poison is dead-lettered" wait_for 90 '^1$' depth "$DLQ"
figure "held for" "$((SECONDS - poisoned))" s
check "the victim's cancellation and refund e-mails follow, in order" \
  wait_for 60 '^BOOKING_RECEIVED,BOOKING_CONFIRMED,BOOKING_CANCELLED,REFUND_ISSUED$' mails "$victim"
figure "victim's e-mails" "$(mails "$victim")"

step "the operator discards the poison through notification-service's dead-letter API"
poison=$(curl -sf -m 30 -K "$OPERATOR" "$NOTIFICATIONS/admin/dead-letters" |
  jq -r '.messages[0].messageId // empty')
figure "poison message id" "${poison:-none}"
[[ -n $poison ]] && demo dlq notification-service discard "$poison"
check "the DLQ is empty again" wait_for 10 '^0$' depth "$DLQ"
check "the discard is in the audit" bash -c "'$ROOT/demo.sh' dlq notification-service audit |
  jq -e --arg m '$poison' 'any(.[]; .action == \"DISCARD\" and (.messageIds | contains(\$m)))' >/dev/null"
finish "a FIFO queue holds only the failing message's group, until the redrive policy moves it aside"
