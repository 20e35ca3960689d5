#!/usr/bin/env bash
# Shows: every booking reaches an end: an unaccepted currency is refused or declined, never dead-lettered; a booking whose payment never comes expires, frees its dates, tells the customer and has a late capture refunded; a hostile message costs each consumer a few cheap refusals and ends in its DLQ; an outbox row SNS refuses is set aside, not retried for ever; valid bookings beside them complete exactly once
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# booking-api runs with a short payment timeout for the length of the scenario.
TIMEOUT_SECONDS=20
VALID=60
RATE=5
((SHORT)) && VALID=20
IDS="$ROOT/.demo/load/last.ids"

# The parts, each a function part_NAME that makes its own bookings or messages, waits until
# they ended and checks where. BEFORE_RESTART needs no short timeout: its waits (receives
# before each DLQ) overlap booking-api's restart, a message for booking-api waiting in its
# queue meanwhile. The valid bookings of the load run alongside those parts and every part
# listed in BESIDE_LOAD; the parts that stop a service come after the load, so that its
# bookings are not expired by them.
BEFORE_RESTART=(hostile_messages)
BESIDE_LOAD=(unaccepted_currency declined_currency refused_outbox_row)
AFTER_LOAD=(payment_never_comes)

booking_db() {
  PGPASSWORD=booking psql -h 127.0.0.1 -U booking -d booking -Atqc "$1"
}

# GET on a service as the operator: read SERVICE_PORT PATH.
read_json() {
  curl -K "$OPERATOR" -sf -m 10 "http://127.0.0.1:$1$2"
}

booking_status() {
  read_json "$BOOKING_API_PORT" "/bookings/$1" | jq -r .status
}

# "zero" once the booking has at least four ledger entries and every account's debits
# equal its credits.
ledger_net() {
  read_json "$LEDGER_SERVICE_PORT" "/ledger/entries?bookingId=$1" | jq -r 'if length < 4 then "\(length) entries" else
    (group_by(.account) | map(map((if .side == "DEBIT" then 1 else -1 end) * (.amount | tonumber)) | add)
    | if all(. == 0) then "zero" else "not zero" end) end'
}

# The booking's e-mails of one type, comma-separated.
emails_of() {
  read_json "$NOTIFICATION_SERVICE_PORT" "/notifications?bookingId=$1" | jq -r --arg t "$2" '[.[].type | select(. == $t)] | join(",")'
}

# "ok" once the booking's only payment has one of the statuses given (a jq array).
payment_is() {
  read_json "$PAYMENT_SERVICE_PORT" "/payments?bookingId=$1" | jq -r --argjson ok "$2" 'if length == 1 and (.[0].status as $s | $ok | index($s)) then "ok" else "no" end'
}

# Waits up to the seconds given until the command's output equals the value given.
await_output() {
  local wanted=$1 timeout=$2 deadline=$((SECONDS + $2))
  shift 2
  until [[ $("$@" 2>/dev/null) == "$wanted" ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# POST /bookings as the scenarios' customer: book RESOURCE START END CURRENCY; prints the
# HTTP status, then the body.
book() {
  curl -K "$CUSTOMER" -s -m 10 -w '\n%{http_code}' "$API/bookings" -H 'Content-Type: application/json' \
    -d "{\"customerEmail\":\"ends@example.com\",\"resourceId\":\"$1\",\"startDate\":\"$2\",\"endDate\":\"$3\",
         \"amount\":\"420.00\",\"currency\":\"$4\"}"
}

part_unaccepted_currency() {
  step "A booking in JPY, a currency outside contracts/currencies.json"
  local answer status
  answer=$(book "room-jpy-$RUN" "$(date -d '+60 days' +%F)" "$(date -d '+62 days' +%F)" JPY)
  status=$(tail -n 1 <<<"$answer")
  figure "answer" "$status" "$(sed '$d' <<<"$answer" | jq -r '.errors[0].message // .detail')"
  check "refused with a 400 problem" test "$status" = 400
  check "the problem names the accepted currencies" grep -q "CHF, EUR, GBP, USD" <<<"$answer"
  # Other parts and the load book at the same time: only this booking's room says whether it was stored.
  check "nothing stored" test "$(booking_db "select count(*) from bookings where resource_id = 'room-jpy-$RUN'")" = 0
}

# A booking booking-api took in JPY before the contract said otherwise (an older version),
# and its BookingCreated published straight to the topic.
part_declined_currency() {
  step "A BookingCreated in JPY published straight to booking-events"
  local id event_id
  id=$(cat /proc/sys/kernel/random/uuid)
  event_id=$(cat /proc/sys/kernel/random/uuid)
  booking_db "insert into bookings (id, customer_id, customer_email, resource_id, start_date, end_date, amount,
      currency, status, created_at, version)
    values ('$id', 'cust-ends', 'ends@example.com', 'room-yen-$RUN', current_date + 70, current_date + 72, 420.00,
      'JPY', 'PENDING', now(), 0)" >/dev/null
  publish booking-events "$(jq -nc --arg e "$event_id" --arg b "$id" --arg r "room-yen-$RUN" \
    --arg s "$(date -d '+70 days' +%F)" --arg t "$(date -d '+72 days' +%F)" '{eventId: $e, eventType: "BookingCreated",
    eventVersion: 1, occurredAt: (now | todate), bookingId: $b, customerId: "cust-ends",
    customerEmail: "ends@example.com", resourceId: $r, startDate: $s, endDate: $t, amount: "420.00", currency: "JPY"}')"
  check "the booking ends REJECTED" await_output REJECTED 60 booking_status "$id"
  figure "payment" "$(read_json "$PAYMENT_SERVICE_PORT" "/payments?bookingId=$id" | jq -r '.[0] | "\(.status): \(.reason)"')"
  figure "booking's rejection reason" "$(read_json "$BOOKING_API_PORT" "/bookings/$id" | jq -r .rejectionReason)"
  check "its payment is DECLINED" test "$(payment_is "$id" '["DECLINED"]')" = ok
  check "the customer is told (BOOKING_REJECTED)" await_output BOOKING_REJECTED 30 emails_of "$id" BOOKING_REJECTED
  check "the ledger nets to zero for it" await_output zero 30 ledger_net "$id"
}

part_payment_never_comes() {
  step "A booking whose payment never comes: payment-service stopped, booking-api's timeout ${TIMEOUT_SECONDS} s"
  demo stop payment-service >/dev/null
  local resource="room-late-$RUN" start end answer id waited
  start=$(date -d '+80 days' +%F)
  end=$(date -d '+83 days' +%F)
  answer=$(book "$resource" "$start" "$end" EUR)
  id=$(sed '$d' <<<"$answer" | jq -r .id)
  figure "booking" "$id" "($(sed '$d' <<<"$answer" | jq -r .status))"
  waited=$SECONDS
  check "it expires" await_output EXPIRED $((TIMEOUT_SECONDS + 30)) booking_status "$id"
  figure "EXPIRED after" "$((SECONDS - waited))" "s (timeout ${TIMEOUT_SECONDS} s)"
  check "the customer is told (BOOKING_EXPIRED)" await_output BOOKING_EXPIRED 30 emails_of "$id" BOOKING_EXPIRED

  # The short timeout has done its work: booking-api gets its usual one back while
  # payment-service starts, the two JVMs starting together.
  step "payment-service started again (its queue holds the BookingCreated and the BookingExpired), booking-api with its usual timeout"
  demo stop booking-api >/dev/null
  demo start payment-service booking-api | sed 's/^/   /'
  API_RESTORED=1
  check "its payment ends refunded, or declined if the expiry came first" await_output ok 60 \
    payment_is "$id" '["REFUNDED", "DECLINED"]'
  figure "payment" "$(read_json "$PAYMENT_SERVICE_PORT" "/payments?bookingId=$id" | jq -r '.[0] | "\(.status) \(.reason // "")"')"
  figure "e-mails" "$(read_json "$NOTIFICATION_SERVICE_PORT" "/notifications?bookingId=$id" | jq -r '[.[].type] | sort | join(",")')"
  if [[ $(read_json "$PAYMENT_SERVICE_PORT" "/payments?bookingId=$id" | jq -r '.[0].status') == REFUNDED ]]; then
    check "the late capture's refund is told (REFUND_ISSUED)" await_output REFUND_ISSUED 30 \
      emails_of "$id" REFUND_ISSUED
  fi
  check "the booking stays EXPIRED" test "$(booking_status "$id")" = EXPIRED
  check "the ledger nets to zero for it" await_output zero 30 ledger_net "$id"
  answer=$(book "$resource" "$start" "$end" EUR)
  figure "the same dates booked again" "$(tail -n 1 <<<"$answer")"
  check "its dates are free again" test "$(tail -n 1 <<<"$answer")" = 201
  check "and that booking is CONFIRMED" await_output CONFIRMED 60 booking_status "$(sed '$d' <<<"$answer" | jq -r .id)"
}

# One message per consumer queue whose amount is a number no consumer may do arithmetic
# with: refused unread at every receive, in its dead-letter queue after the last, its
# reason recorded; then discarded by the operator, so that the dead-letter queues are as
# they were.
part_hostile_messages() {
  step "One hostile message per consumer: an amount of 1E+100000000 (a string, or a number token for booking-api)"
  local service queue body event_id sent listing message took
  declare -A QUEUE_OF PORT_OF EVENT_OF
  for service in booking-api payment-service ledger-service notification-service; do
    QUEUE_OF[$service]=$(queue_of "$service") PORT_OF[$service]=$(port_of "$service")
  done
  sent=$SECONDS
  for service in "${!QUEUE_OF[@]}"; do
    event_id=$(cat /proc/sys/kernel/random/uuid)
    EVENT_OF[$service]=$event_id
    if [[ $service == booking-api ]]; then
      body='{"eventId":"'$event_id'","eventType":"PaymentCaptured","eventVersion":1,"occurredAt":"2026-12-06T09:00:00Z",
        "paymentId":"'$(cat /proc/sys/kernel/random/uuid)'","bookingId":"'$(cat /proc/sys/kernel/random/uuid)'",
        "amount":1E+100000000,"currency":"EUR"}'
    else
      body=$(jq -nc --arg e "$event_id" --arg b "$(cat /proc/sys/kernel/random/uuid)" '{eventId: $e,
        eventType: "BookingCreated", eventVersion: 1, occurredAt: "2026-12-06T09:00:00Z", bookingId: $b,
        customerId: "cust-ends", customerEmail: "ends@example.com", resourceId: "room-hostile", startDate: "2027-03-01",
        endDate: "2027-03-02", amount: "1E+100000000", currency: "EUR"}')
    fi
    deliver "${QUEUE_OF[$service]}" "$body"
  done
  for service in booking-api payment-service ledger-service notification-service; do
    event_id=${EVENT_OF[$service]}
    if ! await_output 1 120 hostile_in_dlq "${PORT_OF[$service]}" "$event_id"; then
      check "$service: the hostile message is in its dead-letter queue" false
      continue
    fi
    took=$((SECONDS - sent))
    message=$(read_json "${PORT_OF[$service]}" /admin/dead-letters | jq -c --arg e "$event_id" \
      '.messages[] | select((.attributes.eventId // .failure.eventId) == $e)')
    figure "$service" "in its DLQ within $took s," "$(jq -r '"\(.failure.failures) refusals: \(.failure.reason | .[0:90])"' <<<"$message")"
    check "$service: refused for its amount, with the reason recorded" grep -q "out of bounds" <<<"$message"
    curl -K "$OPERATOR" -sf -m 10 -o /dev/null -X DELETE \
      "http://127.0.0.1:${PORT_OF[$service]}/admin/dead-letters/$(jq -r .messageId <<<"$message")"
  done
}

# 1 once the service's dead-letter queue holds the message of the event id given, with
# the failure the service recorded for it: hostile_in_dlq PORT EVENT_ID.
hostile_in_dlq() {
  read_json "$1" /admin/dead-letters | jq -r --arg e "$2" \
    '[.messages[] | select((.attributes.eventId // .failure.eventId) == $e and .failure != null)] | length'
}

# A row in booking-api's outbox that every SNS refuses (a message over 256 KiB): set aside
# after its refusals while the bookings beside it go on, then discarded by the operator,
# with an audit entry.
part_refused_outbox_row() {
  step "An outbox row SNS refuses: a 300,000-byte event written into booking-api's outbox"
  local event_id row audit
  event_id=$(cat /proc/sys/kernel/random/uuid)
  booking_db "insert into outbox_events (event_id, event_type, event_version, aggregate_id, message_group, payload,
      created_at) values ('$event_id', 'OversizedProbe', 1, gen_random_uuid(), 'refused-by-sns', repeat('x', 300000),
      now())" >/dev/null
  check "it is set aside" await_output 1 60 set_aside "$event_id"
  row=$(read_json "$BOOKING_API_PORT" /admin/outbox/set-aside | jq -c --arg e "$event_id" '.rows[] | select(.eventId == $e)')
  figure "set aside after" "$(jq -r '"\(.refusals) refusals: \(.reason | .[0:80])"' <<<"$row")"
  curl -K "$OPERATOR" -sf -m 10 -o /dev/null "$API/admin/outbox/set-aside/discard" \
    -H 'Content-Type: application/json' -d "{\"eventIds\":[\"$event_id\"]}"
  check "the operator discards it" await_output 0 10 set_aside "$event_id"
  audit=$(read_json "$BOOKING_API_PORT" /admin/outbox/audit | jq -c --arg e "$event_id" '[.[] | select(.eventIds | contains($e))] | length')
  check "the discard is audited" test "$audit" -ge 1
}

# 1 while booking-api's set-aside rows include the event id given: set_aside EVENT_ID.
set_aside() {
  read_json "$BOOKING_API_PORT" /admin/outbox/set-aside | jq -r --arg e "$1" '[.rows[] | select(.eventId == $e)] | length'
}

# Starts the parts given at once, each in a subshell writing its story to a file, so that
# their waits (receives before a DLQ, refusals before a set-aside, a rejection) overlap.
PARTS=() PIDS=()
start_parts() {
  local part
  for part in "$@"; do
    (part_"$part") >"$ROOT/.demo/load/dead-ends.$part" 2>&1 &
    PARTS+=("$part") PIDS+=($!)
  done
}

# Waits for the parts started, prints each one's story in turn and records its failed checks
# here, or the part itself if it stopped early.
end_parts() {
  local k out
  for k in "${!PIDS[@]}"; do
    out="$ROOT/.demo/load/dead-ends.${PARTS[k]}"
    wait "${PIDS[k]}" || FAILED+=("${PARTS[k]} stopped early")
    cat "$out"
    mapfile -t -O "${#FAILED[@]}" FAILED < <(sed -n 's/^   FAIL  //p' "$out")
  done
}

restore() {
  demo start payment-service >/dev/null 2>&1 || true
  if ((!API_RESTORED)); then
    demo stop booking-api >/dev/null 2>&1 || true
    demo start booking-api >/dev/null 2>&1 || true
  fi
}

ensure_up
started=$SECONDS
command -v psql >/dev/null || { echo "psql is needed to read booking-api's database (apt-get install postgresql-client)"; exit 1; }
RUN="$(date +%s)-$$"
for service in payment-service ledger-service notification-service; do
  demo start "$service" >/dev/null
done
dead_before=$(dead_letters)
mkdir -p "$ROOT/.demo/load"
API_RESTORED=0
trap restore EXIT
start_parts "${BEFORE_RESTART[@]}"
step "booking-api restarted with BOOKING_PAYMENT_TIMEOUT=PT${TIMEOUT_SECONDS}S, meanwhile: ${BEFORE_RESTART[*]}"
demo stop booking-api >/dev/null
BOOKING_PAYMENT_TIMEOUT="PT${TIMEOUT_SECONDS}S" BOOKING_EXPIRY_CHECK_INTERVAL=1s demo start booking-api | sed 's/^/   /'

step "$VALID valid bookings at $RATE/s, beside: ${BEFORE_RESTART[*]} ${BESIDE_LOAD[*]}"
demo load "$VALID" "$RATE" >"$ROOT/.demo/load/dead-ends.out" 2>&1 &
loader=$!
start_parts "${BESIDE_LOAD[@]}"
end_parts
step "The valid bookings"
load_ok=0
wait "$loader" || load_ok=$?
sed 's/^/   /' "$ROOT/.demo/load/dead-ends.out" | tail -n 8
check "the load reports every booking at every consumer" test "$load_ok" = 0
check "one payment per valid booking, captured" \
  test "$(not_exactly_once "$PAYMENTS/payments?bookingId=" '[.[].status]' '["CAPTURED"]')" = 0
check "four postings per valid booking" \
  test "$(not_exactly_once "$LEDGER/ledger/entries?bookingId=" 'length' "$EXPECTED_POSTINGS")" = 0
check "two e-mails per valid booking, received and confirmed" \
  test "$(not_exactly_once "$NOTIFICATIONS/notifications?bookingId=" '[.[].type] | sort' \
    '["BOOKING_CONFIRMED","BOOKING_RECEIVED"]')" = 0

for part in "${AFTER_LOAD[@]}"; do
  "part_$part"
done

step "Nothing else dead-lettered (the hostile messages were discarded)"
dead_after=$(dead_letters)
figure "messages in the dead-letter queues" "$dead_after" "(before: $dead_before)"
check "no new dead letter" test "$dead_after" = "$dead_before"
figure "scenario took" "$((SECONDS - started))" s

finish "a refused currency stores nothing, a declined one ends REJECTED, an unpaid booking expires and frees its dates, a late capture is refunded, a hostile message is refused cheaply into each DLQ, a refused outbox row is set aside, valid bookings complete exactly once, nothing else dead-lettered"
