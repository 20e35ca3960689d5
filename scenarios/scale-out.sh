#!/usr/bin/env bash
# Shows: competing consumers: a payment backlog drained by 1 and then by 3 instances of payment-service on one queue, every booking paid exactly once
# Each round stops payment-service, posts a backlog of bookings, holds the backlog on the
# queue while the instances start (received with a long visibility timeout, as a consumer
# that has not finished would), then releases it at once and times the drain. The hold
# keeps the JVMs' start-up out of the drain rate; it costs each message one receive of the
# five before its DLQ.
source "$(dirname "$0")/lib.sh"

QUEUE=$(queue_of payment-service)
BACKLOG=$((SHORT ? 300 : 3000))
# Asked of the load generator; a slower one simply takes longer to build the backlog.
RATE=${SCALE_OUT_RATE:-500}
# acceptable latency / time per message: infra/prometheus/rules/scaling.yml, infra/aws
TARGET_PER_INSTANCE=100
WORK="$ROOT/.demo/scale-out"

visible() {
  queue_counts "$1" | awk '{ print $1 }'
}

# Receives every visible message and keeps its receipt handle, so that no instance sees
# it until release.
hold() {
  local url=$1 handles=$2 batch
  : >"$handles"
  while (($(visible "$QUEUE") > 0)); do
    batch=$(sqs ReceiveMessage "{\"QueueUrl\":\"$url\",\"MaxNumberOfMessages\":10,\"VisibilityTimeout\":900,\
\"WaitTimeSeconds\":0}")
    jq -r '.Messages // [] | .[].ReceiptHandle' <<<"$batch" >>"$handles"
  done
  wc -l <"$handles"
}

release() {
  local url=$1 handles=$2
  jq -R -s -c --arg url "$url" 'split("\n") | map(select(length > 0)) | to_entries
    | group_by(.key / 10 | floor)[]
    | {QueueUrl: $url, Entries: map({Id: "m\(.key)", ReceiptHandle: .value, VisibilityTimeout: 0})}' "$handles" |
    while read -r request; do sqs ChangeMessageVisibilityBatch "$request" >/dev/null; done
}

# Messages of the queue each running instance has processed, one "port count" per line.
processed_per_instance() {
  local port
  for port in "$@"; do
    printf '%s %s\n' "$port" "$(curl -K "$OPERATOR" -sf -m 5 "http://127.0.0.1:$port/actuator/prometheus" |
      awk -v q="queue=\"$QUEUE\"" '/^events_processed_total\{/ && index($0, q) { n += $NF } END { printf "%d", n }')"
  done
}

# The ports ./demo.sh scale gives payment-service's instances: its own, then INSTANCE_PORT_STEP apart.
ports_of() {
  local k
  for ((k = 1; k <= $1; k++)); do echo $((PAYMENT_SERVICE_PORT + INSTANCE_PORT_STEP * (k - 1))); done
}

# Payments per booking of a round, one count per booking.
payments_per_booking() {
  local ids=$1 dir=$2
  rm -rf "$dir"
  mkdir -p "$dir"
  while read -r id; do
    printf 'url = "%s/payments?bookingId=%s"\noutput = "%s/%s.json"\n' "$PAYMENTS" "$id" "$dir" "$id"
  done <"$ids" | curl -sS --no-progress-meter -Z --parallel-max 8 -m 30 -K "$OPERATOR" -K - || true
  while read -r id; do
    if [[ -s $dir/$id.json ]]; then jq 'length' "$dir/$id.json"; else echo missing; fi
  done <"$ids"
}

prometheus_value() {
  curl -sf -m 5 -G "$PROMETHEUS/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'
}

# What the AWS policy would ask for, once Prometheus has seen the backlog.
desired_instances() {
  local expected=$1 deadline=$((SECONDS + 40)) value=""
  curl -sf -m 2 -o /dev/null "$PROMETHEUS/-/ready" || return 0
  while ((SECONDS < deadline)); do
    value=$(prometheus_value "queue:sqs_desired_consumers:ceil{queue=\"$QUEUE\"}")
    [[ $value == "$expected" ]] && break
    sleep 1
  done
  echo "$value"
}

# One round: a backlog drained by N instances; prints its drain rate to $WORK/NAME.rate.
round() {
  local name=$1 instances=$2 url handles held started finished rate before after expected desired ports=()
  url=$(queue_url "$QUEUE")
  echo 0 >"$WORK/$name.rate"
  step "round $name: a backlog of $BACKLOG bookings for $instances instance(s) of payment-service"
  demo stop payment-service >/dev/null
  if ! demo load "$BACKLOG" "$RATE" >"$WORK/$name.load" 2>&1; then
    tail -n 5 "$WORK/$name.load"
    check "the bookings of round $name reached the running consumers" false
    return
  fi
  grep -E '^[0-9]+ of [0-9]+ accepted' "$WORK/$name.load" | sed 's/^/   /'
  cp "$ROOT/.demo/load/last.ids" "$WORK/$name.ids"
  figure "bookings accepted" "$(wc -l <"$WORK/$name.ids")"
  figure "messages waiting on $QUEUE" "$(depth "$QUEUE")"
  expected=$(((BACKLOG + TARGET_PER_INSTANCE - 1) / TARGET_PER_INSTANCE))
  ((expected > 10)) && expected=10
  desired=$(desired_instances "$expected")
  [[ -n $desired ]] && figure "instances the AWS policy would ask for" "$desired" "(ceil(backlog / $TARGET_PER_INSTANCE), 1..10)"

  held=$(hold "$url" "$WORK/$name.handles")
  figure "held while the instances start" "$held" messages
  demo scale payment-service "$instances" | tail -n 1 | sed 's/^/   /'
  mapfile -t ports < <(ports_of "$instances")
  before=$(processed_per_instance "${ports[@]}")

  started=$(date +%s%N)
  release "$url" "$WORK/$name.handles"
  while (($(depth "$QUEUE") > 0)); do
    (($(date +%s%N) - started < 600 * 10 ** 9)) || break
    sleep 0.2
  done
  finished=$(date +%s%N)
  after=$(processed_per_instance "${ports[@]}")
  rate=$(awk -v n="$held" -v ns=$((finished - started)) 'BEGIN { printf "%.1f", n / (ns / 1e9) }')
  echo "$rate" >"$WORK/$name.rate"
  figure "drained in" "$(awk -v ns=$((finished - started)) 'BEGIN { printf "%.1f", ns / 1e9 }')" s
  figure "drain rate with $instances instance(s)" "$rate" "messages/s"
  join -j 1 <(sort <<<"$before") <(sort <<<"$after") | while read -r port was now; do
    figure "processed by the instance on port $port" "$((now - was))"
  done >"$WORK/$name.shares"
  cat "$WORK/$name.shares"

  payments_per_booking "$WORK/$name.ids" "$WORK/$name.payments" | sort | uniq -c >"$WORK/$name.counts"
  figure "bookings by number of payments" "$(awk '{ printf "%s%s x %s", sep, $1, $2; sep = ", " }' "$WORK/$name.counts")"
  check "every booking of round $name was paid exactly once" \
    test "$(awk '{ print $2 }' "$WORK/$name.counts" | tr -d '\n')" = 1
  check "the queue was drained" test "$(depth "$QUEUE")" = 0
  if ((instances > 1)); then
    check "all $instances instances took a share of the backlog" \
      test "$(awk '$NF > 0' "$WORK/$name.shares" | wc -l)" = "$instances"
  fi
}

mkdir -p "$WORK"
ensure_up
demo scale payment-service 1 >/dev/null
round one 1
round three 3

step "the outcome"
figure "drain rate, 1 instance" "$(<"$WORK/one.rate")" "messages/s"
figure "drain rate, 3 instances" "$(<"$WORK/three.rate")" "messages/s"
figure "speed-up, 3 instances / 1" "$(awk -v a="$(<"$WORK/one.rate")" -v b="$(<"$WORK/three.rate")" \
  'BEGIN { printf "%.2f", (a > 0) ? b / a : 0 }')" "x (this machine: $(nproc) cores shared by every JVM, the emulator and PostgreSQL)"
dlq=$(depth "$QUEUE-dlq")
figure "messages in $QUEUE-dlq" "$dlq"
check "nothing reached the DLQ" test "$dlq" = 0
demo scale payment-service 1 | tail -n 1 | sed 's/^/   /'
finish "three instances of payment-service competed for one queue, and every booking was paid once"
