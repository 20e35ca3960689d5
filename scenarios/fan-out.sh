#!/usr/bin/env bash
# Shows: one booking reaches every consumer through SNS fan-out, each effect once, with the time each took
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BOOKINGS=3
((SHORT)) && BOOKINGS=1

# Microseconds since the epoch of an ISO-8601 timestamp.
micros() {
  date -u -d "$1" +%s%6N
}

# Milliseconds from one ISO-8601 timestamp to another.
millis_between() {
  echo $((($(micros "$2") - $(micros "$1")) / 1000))
}

# Prints the JSON a consumer shows for the booking once it has COUNT items; fails after 30 s.
await_items() {
  local url=$1 count=$2 deadline=$((SECONDS + 30)) body
  while ((SECONDS < deadline)); do
    body=$(curl -K "$OPERATOR" -sf -m 5 "$url") && (($(jq length <<<"$body") >= count)) && {
      echo "$body"
      return
    }
    sleep 0.1
  done
  return 1
}

await_confirmed() {
  local id=$1 deadline=$((SECONDS + 30)) body
  while ((SECONDS < deadline)); do
    body=$(curl -K "$OPERATOR" -sf -m 5 "$API/bookings/$id") && [[ $(jq -r .status <<<"$body") == CONFIRMED ]] && {
      echo "$body"
      return
    }
    sleep 0.1
  done
  return 1
}

dead_letters() {
  local queue url total=0
  for queue in $(jq -r '.queues[].name' "$ROOT/infra/topology.json"); do
    url=$(curl -sf -m 5 "$ENDPOINT" -H 'X-Amz-Target: AmazonSQS.GetQueueUrl' \
      -H 'Content-Type: application/x-amz-json-1.0' -d "{\"QueueName\":\"$queue-dlq\"}" | jq -r .QueueUrl)
    total=$((total + $(curl -sf -m 5 "$ENDPOINT" -H 'X-Amz-Target: AmazonSQS.GetQueueAttributes' \
      -H 'Content-Type: application/x-amz-json-1.0' \
      -d "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"ApproximateNumberOfMessages\"]}" |
      jq -r .Attributes.ApproximateNumberOfMessages)))
  done
  echo "$total"
}

book_one() {
  local n=$1 key response status id created booking payments entries notifications
  key="fan-out-$(date +%s%N)-$n"
  step "booking $n of $BOOKINGS: POST /bookings"
  response=$(curl -K "$CUSTOMER" -sS -m 10 -w '\n%{http_code} %{time_total}' "$API/bookings" -H 'Content-Type: application/json' \
    -d "{\"customerEmail\":\"fan-out@example.com\",\"resourceId\":\"room-$key\",
         \"startDate\":\"$(date -d '+60 days' +%F)\",\"endDate\":\"$(date -d '+62 days' +%F)\",
         \"amount\":\"240.00\",\"currency\":\"EUR\"}")
  read -r status took <<<"$(tail -n 1 <<<"$response")"
  figure "booking-api answered" "$status in $(awk -v t="$took" 'BEGIN { printf "%d", t * 1000 }')" ms
  check "the booking is accepted" test "$status" = 201
  [[ $status == 201 ]] || return 0
  id=$(head -n 1 <<<"$response" | jq -r .id)
  created=$(head -n 1 <<<"$response" | jq -r .createdAt)
  figure "booking id" "$id"

  if payments=$(await_items "$PAYMENTS/payments?bookingId=$id" "$EXPECTED_PAYMENTS"); then
    figure "payment-service: payment $(jq -r '.[0].status' <<<"$payments")" \
      "$(millis_between "$created" "$(jq -r '.[0].createdAt' <<<"$payments")")" "ms after the booking"
  fi
  check "payment-service has one payment, captured" \
    test "$(jq -c '[.[].status]' <<<"${payments:-[]}")" = '["CAPTURED"]'

  if booking=$(await_confirmed "$id"); then
    if [[ $(jq -r '.decidedAt // empty' <<<"$booking") ]]; then
      figure "booking-api: booking CONFIRMED" \
        "$(millis_between "$created" "$(jq -r .decidedAt <<<"$booking")")" "ms after the booking"
    else
      figure "booking-api: booking CONFIRMED" "seen" "(booking-api shows no decision time)"
    fi
  fi
  check "booking-api confirmed the booking from its payment-events queue" test -n "${booking:-}"

  if entries=$(await_items "$LEDGER/ledger/entries?bookingId=$id" "$EXPECTED_POSTINGS"); then
    figure "ledger-service: BookingCreated postings" "$(millis_between "$created" \
      "$(jq -r 'min_by(.createdAt).createdAt' <<<"$entries")")" "ms after the booking"
    figure "ledger-service: PaymentCaptured postings" "$(millis_between "$created" \
      "$(jq -r 'max_by(.createdAt).createdAt' <<<"$entries")")" "ms after the booking"
  fi
  check "ledger-service has four postings, from two events" \
    test "$(jq '[length, ([.[].eventId] | unique | length)] | tostring' <<<"${entries:-[]}")" = "\"[$EXPECTED_POSTINGS,2]\""

  if notifications=$(await_items "$NOTIFICATIONS/notifications?bookingId=$id" "$EXPECTED_EMAILS"); then
    while read -r type at; do
      figure "notification-service: $type e-mail" "$(millis_between "$created" "$at")" "ms after the booking"
    done < <(jq -r 'sort_by(.createdAt)[] | "\(.type) \(.createdAt)"' <<<"$notifications")
  fi
  check "notification-service sent BOOKING_RECEIVED and BOOKING_CONFIRMED, once each" \
    test "$(jq -c '[.[].type] | sort' <<<"${notifications:-[]}")" = '["BOOKING_CONFIRMED","BOOKING_RECEIVED"]'
}

step "the demo, every service running"
ensure_up
for service in payment-service ledger-service notification-service; do
  demo start "$service" >/dev/null
done
dead_before=$(dead_letters)
figure "messages in dead-letter queues before" "$dead_before"

for ((n = 1; n <= BOOKINGS; n++)); do
  book_one "$n"
done

step "nothing failed on the way"
dead_after=$(dead_letters)
figure "messages in dead-letter queues after" "$dead_after"
check "no message reached a dead-letter queue" test "$dead_after" = "$dead_before"

finish "one POST /bookings fanned out by SNS to three queues reached payment, ledger and notifications, and came back to booking-api as PaymentCaptured; each effect exactly once, none dead-lettered"
