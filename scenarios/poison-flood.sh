#!/usr/bin/env bash
# Shows: 10,000 poison messages on a consumer's queue beside valid bookings: every booking done once, every poison message dead-lettered after exactly five receives
source "$(dirname "$0")/lib.sh"

QUEUE=$(queue_of payment-service)
POISON=10000
VALID=300
RATE=10
if ((SHORT)); then
  POISON=300
  VALID=60
fi
RUN="flood-$(date +%s)-$$"

payment_db() {
  PGPASSWORD=payment psql -h 127.0.0.1 -U payment -d payment -Atqc "$1"
}

# SendMessageBatch straight to the queue, ten a call, sixteen calls at a time; one jq
# writes every call's curl configuration.
flood() {
  jq -nr --arg url "$1" --arg endpoint "$ENDPOINT" --arg run "$RUN" --argjson n "$POISON" '
    range(0; $n; 10) as $from
    | {QueueUrl: $url, Entries: [range($from; [$from + 10, $n] | min) | {Id: "p\(.)", MessageBody: "poison \(.) of \($run)"}]}
    | (if $from > 0 then "next" else empty end),
      "url = \"\($endpoint)\"",
      "header = \"X-Amz-Target: AmazonSQS.SendMessageBatch\"",
      "header = \"Content-Type: application/x-amz-json-1.0\"",
      "output = \"/dev/null\"",
      "data = \(tojson | tojson)"' |
    curl -sS --no-progress-meter -Z --parallel-max 16 -m 30 -K -
}

percentile() {
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } i = int((NR * p + 99) / 100); if (i < 1) i = 1; printf "%.2f", v[i] }'
}

ensure_up
command -v psql >/dev/null || { echo "psql is needed to read payment-service's failure records (apt-get install postgresql-client)"; exit 1; }
URL=$(queue_url "$QUEUE")
DLQ_URL=$(queue_url "$QUEUE-dlq")
read -r dlq_before _ <<<"$(queue_counts "$QUEUE-dlq")"
mkdir -p "$ROOT/.demo/load"

step "$POISON poison messages straight to $QUEUE, $VALID valid bookings at $RATE/s beside them"
started=$(date +%s.%N)
flood "$URL" &
flooder=$!
demo load "$VALID" "$RATE" >"$ROOT/.demo/load/flood.out" 2>&1 &
loader=$!
wait "$flooder"
figure "poison sent in" "$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')" s

step "Until the flood has cleared: every poison message in the DLQ, the queue empty"
deadline=$((SECONDS + 600))
while :; do
  read -r visible inflight <<<"$(queue_counts "$QUEUE")"
  read -r dlq _ <<<"$(queue_counts "$QUEUE-dlq")"
  printf '\r   queue %6s visible %6s in flight   dlq %6s / %s   ' "$visible" "$inflight" "$((dlq - dlq_before))" "$POISON"
  ((dlq - dlq_before >= POISON && visible == 0 && inflight == 0)) && break
  ((SECONDS < deadline)) || break
  sleep 1
done
cleared=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
echo
figure "flood cleared in" "$cleared" s
wait "$loader" && loaded=0 || loaded=$?
sed 's/\r/\n/g' "$ROOT/.demo/load/flood.out" | grep -E 'accepted|reached|missing' | sed 's/^/   /'
check "every valid booking reached every consumer" test "$loaded" = 0
check "every poison message is in the DLQ" test "$((dlq - dlq_before))" -eq "$POISON"

step "Valid bookings during the flood: booking accepted -> payment taken"
ids=$(<"$ROOT/.demo/load/last.ids")
in_list=$(sed "s/.*/'&'/" <<<"$ids" | paste -sd,)
latencies=$(payment_db "select extract(epoch from p.created_at) from payments p where p.booking_id in ($in_list)" | wc -l)
figure "payments for the $VALID bookings" "$latencies"
check "exactly one payment per valid booking" test "$(payment_db "select count(*) from payments where booking_id in ($in_list)")" = "$(wc -l <<<"$ids")"
check "no booking paid twice" test "$(payment_db "select count(*) from (select booking_id from payments where booking_id in ($in_list) group by booking_id having count(*) > 1) d")" = 0
while read -r id; do
  curl -K "$OPERATOR" -sf "$API/bookings/$id" | jq -r .createdAt
done <<<"$ids" >"$ROOT/.demo/load/flood.created"
paste <(cat <<<"$ids") "$ROOT/.demo/load/flood.created" >"$ROOT/.demo/load/flood.pairs"
payment_db "select booking_id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from payments where booking_id in ($in_list)" |
  tr '|' '\t' | sort >"$ROOT/.demo/load/flood.paid"
join -t $'\t' <(sort "$ROOT/.demo/load/flood.pairs") "$ROOT/.demo/load/flood.paid" |
  while IFS=$'\t' read -r _ created paid; do
    echo "$(date -d "$paid" +%s.%N) $(date -d "$created" +%s.%N)"
  done | awk '{ printf "%.3f\n", $1 - $2 }' >"$ROOT/.demo/load/flood.latency"
figure "p50 booking -> payment" "$(percentile 50 <"$ROOT/.demo/load/flood.latency")" s
figure "p99 booking -> payment" "$(percentile 99 <"$ROOT/.demo/load/flood.latency")" s

step "Each poison message failed exactly five receives (payment-service's failure records)"
read -r recorded min_receives max_receives min_failures max_failures <<<"$(payment_db "select count(*), min(receive_count),
  max(receive_count), min(failures), max(failures) from message_failures where reason = 'The message has no eventType attribute' and
  first_failed_at > to_timestamp($started)" | tr '|' ' ')"
figure "failure records of the flood" "$recorded"
figure "receives per message (min..max)" "$min_receives..$max_receives"
check "a failure record per poison message" test "$recorded" -ge "$POISON"
check "every one dead-lettered after exactly five receives" test "$min_receives" = 5 -a "$max_receives" = 5 -a "$max_failures" = 5

step "Clean-up: the flood's dead letters are purged from the DLQ"
sqs PurgeQueue "{\"QueueUrl\":\"$DLQ_URL\"}" >/dev/null && echo "   purged $QUEUE-dlq"

finish "$POISON poison messages cleared in $cleared s while $VALID valid bookings were each paid once"
