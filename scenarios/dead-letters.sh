#!/usr/bin/env bash
# Shows: a poison message's five receives, the DLQ alert, the recorded reason, the fix, the redrive, the effect exactly once, the audit
source "$(dirname "$0")/lib.sh"

SERVICE=payment-service
QUEUE=$(queue_of payment-service)
DLQ=$QUEUE-dlq

admin_json() {
  curl -sf -m 60 -K "$OPERATOR" "$PAYMENTS/admin/dead-letters$1"
}

# The dead-lettered message whose body names the booking, as JSON, or nothing.
dead_letter_of() {
  admin_json "" | jq -c --arg id "$1" '.messages[] | select(.body | contains($id))'
}

alert_state() {
  curl -sf -m 5 "$PROMETHEUS/api/v1/alerts" |
    jq -r --arg q "$DLQ" '[.data.alerts[] | select(.labels.alertname == "DeadLetterQueueNotEmpty" and .labels.queue == $q) | .state] | first // "none"'
}

ensure_up
started=$SECONDS

step "A cancellation that overtook its booking: BookingCancelled straight to $QUEUE, its BookingCreated held up"
# The booking as booking-api holds it, cancelled so soon that its BookingCancelled reaches
# payment-service before the BookingCreated that asks for the payment.
BOOKING=$(cat /proc/sys/kernel/random/uuid)
START=$(date -d '+40 days' +%F)
END=$(date -d '+42 days' +%F)
PGPASSWORD=booking psql -h 127.0.0.1 -U booking -d booking -Atqc "insert into bookings (id, customer_id,
    customer_email, resource_id, start_date, end_date, amount, currency, status, created_at, version)
  values ('$BOOKING', 'cust-dl', 'dl@example.com', 'room-dl-$RANDOM-$$', '$START', '$END', 420.00, 'EUR',
    'CANCELLED', now(), 1)" >/dev/null
# The booking's event of a type, as booking-api publishes it.
event() {
  jq -nc --arg type "$1" --arg id "$(cat /proc/sys/kernel/random/uuid)" --arg b "$BOOKING" --arg s "$START" \
    --arg e "$END" '{eventId: $id, eventType: $type, eventVersion: 1, occurredAt: (now | todate), bookingId: $b,
      customerId: "cust-dl", customerEmail: "dl@example.com", resourceId: "room-dl", startDate: $s, endDate: $e,
      amount: "420.00", currency: "EUR"}'
}
deliver "$QUEUE" "$(event BookingCancelled)"
figure "booking" "$BOOKING" "(CANCELLED at booking-api, no payment yet)"

step "Five receives, each failing, 1, 2, 4 and 8 s apart; then SQS moves it to $DLQ"
sent=$SECONDS
deadline=$((SECONDS + 120))
until letter=$(dead_letter_of "$BOOKING") && [[ -n $letter ]]; do
  ((SECONDS < deadline)) || break
  sleep 2
done
figure "in the DLQ after" "$((SECONDS - sent))" s
grep "failed on receive" "$ROOT/.demo/logs/$SERVICE.log" | grep -F "$(jq -r .messageId <<<"${letter:-{\}}")" |
  sed -E 's/.*(failed on receive [0-9]+).*/   log: \1/' || true
check "the message is in $DLQ" test -n "${letter:-}"
MESSAGE=$(jq -r .messageId <<<"${letter:-{\}}")
figure "receives recorded by $SERVICE" "$(jq -r .failure.receiveCount <<<"${letter:-{\}}")"
check "it failed exactly five receives" test "$(jq -r .failure.receiveCount <<<"${letter:-{\}}")" = 5

if curl -sf -m 2 -o /dev/null "$PROMETHEUS/-/ready"; then
  step "The DeadLetterQueueNotEmpty alert (Prometheus, for: 1m)"
  # Pending within a scrape and an evaluation; firing one minute later.
  want=firing
  ((SHORT)) && want=pending
  deadline=$((SECONDS + 150))
  until state=$(alert_state) && [[ $state == firing || ($want == pending && $state == pending) ]]; do
    ((SECONDS < deadline)) || break
    sleep 5
  done
  figure "alert state for $DLQ" "$state"
  check "the alert is $want or firing" test "$state" = firing -o "$state" = "$want"
  figure "runbook" "$(curl -sf "$PROMETHEUS/api/v1/rules" |
    jq -r '.data.groups[].rules[] | select(.name == "DeadLetterQueueNotEmpty") | .annotations.runbook_url // "-"')"
else
  step "(Prometheus is not installed: no alert to show; apt-get install prometheus)"
fi

step "What the operator reads: ./demo.sh dlq $SERVICE list"
demo dlq "$SERVICE" list | jq --arg m "$MESSAGE" '.messages[] | select(.messageId == $m) | {messageId, receiveCount,
  event: .attributes.eventType, failures: .failure.failures, reason: .failure.reason}' | sed 's/^/   /'
reason=$(jq -r .failure.reason <<<"${letter:-{\}}")
check "the reason names the booking without a payment" grep -q "No payment for booking $BOOKING" <<<"$reason"

step "The cause goes away: the booking's BookingCreated arrives, its payment is captured"
publish booking-events "$(event BookingCreated)"
deadline=$((SECONDS + 60))
until [[ $(curl -K "$OPERATOR" -sf "$PAYMENTS/payments?bookingId=$BOOKING" | jq -r '.[0].status') == CAPTURED ]]; do
  ((SECONDS < deadline)) || break
  sleep 1
done
figure "payment" "$(curl -K "$OPERATOR" -sf "$PAYMENTS/payments?bookingId=$BOOKING" | jq -r '.[0].status')"

step "The redrive: ./demo.sh dlq $SERVICE redrive $MESSAGE"
demo dlq "$SERVICE" redrive "$MESSAGE" | sed 's/^/   /'
redriven=$SECONDS
deadline=$((SECONDS + 60))
until [[ $(curl -K "$OPERATOR" -sf "$PAYMENTS/payments?bookingId=$BOOKING" | jq -r '.[0].status') == REFUNDED ]]; do
  ((SECONDS < deadline)) || break
  sleep 1
done
figure "payment" "$(curl -K "$OPERATOR" -sf "$PAYMENTS/payments?bookingId=$BOOKING" | jq -r '.[0].status')" "$((SECONDS - redriven)) s after the redrive"

step "The effect, exactly once"
# The ledger and the e-mails follow PaymentRefunded on their own queues.
deadline=$((SECONDS + 30))
until [[ $(curl -K "$OPERATOR" -sf "$LEDGER/ledger/entries?bookingId=$BOOKING" | jq 'length') == 6 ]] || ((SECONDS > deadline)); do
  sleep 1
done
payments=$(curl -K "$OPERATOR" -sf "$PAYMENTS/payments?bookingId=$BOOKING" | jq -r '[.[].status] | join(",")')
entries=$(curl -K "$OPERATOR" -sf "$LEDGER/ledger/entries?bookingId=$BOOKING" | jq 'length')
notifications=$(curl -K "$OPERATOR" -sf "$NOTIFICATIONS/notifications?bookingId=$BOOKING" | jq -r '[.[].type] | sort | join(",")')
figure "payments" "$payments"
figure "ledger postings" "$entries"
figure "e-mails" "$notifications"
check "one payment, refunded" test "$payments" = REFUNDED
check "six ledger postings: booked, captured, refunded" test "$entries" = 6
check "the customer is told of the refund" grep -q REFUND_ISSUED <<<"$notifications"
check "nothing of it left in the DLQ" test -z "$(dead_letter_of "$BOOKING")"

step "The audit: ./demo.sh dlq $SERVICE audit"
demo dlq "$SERVICE" audit | jq -c '.[0]' | sed 's/^/   /'
check "the redrive is audited with its message id" bash -c \
  "curl -sf -K '$OPERATOR' $PAYMENTS/admin/dead-letters/audit | jq -e --arg m '$MESSAGE' '.[0] | .action == \"REDRIVE\" and .messageIds == \$m and .moved == 1' >/dev/null"
figure "scenario took" "$((SECONDS - started))" s

finish "a message that could not be handled yet failed five receives, waited in the DLQ with its reason, and once its cause was gone the redrive had its effect once"
