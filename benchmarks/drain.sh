#!/usr/bin/env bash
# Measures how fast the three consumers drain a backlog, and their CPU per message, for
# one or more configurations side by side in one run on the local demo. For each variant
# the consumers are restarted with the variant's environment and, once ready, frozen
# (SIGSTOP); N bookings are posted, so that their queues fill; then they are resumed
# (SIGCONT) and, from then until its queue is empty, the script reads each one's
# events_processed_total and its process CPU time (/proc). Each consumer's start-up CPU
# and memory (PSS) when ready are printed apart; the drain's figures include the JIT's work
# during the drain, and the memory after it.
#
#   benchmarks/drain.sh N 'LABEL[|VAR=value]...' ...
#   benchmarks/drain.sh 400 'c1-only' 'tiered|DEMO_JAVA_OPTS=-Xms16m -Xmx256m -XX:+UseSerialGC'
#   benchmarks/drain.sh 400 'packaged jars|DEMO_CDS=false' 'class data sharing'
#
# With class data sharing, the first run of a service writes its archive when it stops:
# run that variant twice and read the second.
#
# Variants run in the order given; repeat one to see the noise. Results also go to
# .demo/bench/drain.tsv. Needs the demo up (./demo.sh up); leaves the consumers running
# with the last variant.
set -euo pipefail
cd "$(dirname "$0")/.."

TOTAL=${1:?usage: benchmarks/drain.sh N VARIANT...}
shift
CONSUMERS=(payment-service ledger-service notification-service)
TICKS=$(getconf CLK_TCK)
OUT=.demo/bench
mkdir -p "$OUT"

# sqs, depth, port_of and queue_of, as the scenarios use them.
source scenarios/lib.sh
declare -A QUEUE
for service in "${CONSUMERS[@]}"; do QUEUE[$service]=$(queue_of "$service"); done

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

pss_mib() {
  awk '/^Pss:/ { print int($2 / 1024) }' "/proc/$(cat ".demo/pids/$1.pid")/smaps_rollup"
}

cpu_ms() {
  awk -v tick="$TICKS" '{ print int(($14 + $15) * 1000 / tick) }' "/proc/$(cat ".demo/pids/$1.pid")/stat"
}

processed() {
  curl -K "$OPERATOR" -sf -m 5 "http://127.0.0.1:$(port_of "$1")/actuator/prometheus" |
    awk '/^events_processed_total/ { sum += $NF } END { printf "%d\n", sum }'
}

run_variant() {
  local variant=$1 label assignments=() service deadline
  local -A t0=() c0=() p0=() done_at=()
  IFS='|' read -r -a assignments <<<"$variant"
  label=${assignments[0]}
  assignments=("${assignments[@]:1}")
  echo "== $label (${assignments[*]:-demo defaults})"
  for service in "${CONSUMERS[@]}"; do
    ./demo.sh stop "$service" >/dev/null
  done
  # One after the other: three ./demo.sh start at once once reported payment-service as
  # exited while it was starting, and left its JVM running on the port.
  for service in "${CONSUMERS[@]}"; do
    env "${assignments[@]}" ./demo.sh start "$service" >/dev/null
  done
  for service in "${CONSUMERS[@]}"; do
    printf '   %-22s start-up: %6d CPU ms, %4d MiB PSS when ready\n' "$service" "$(cpu_ms "$service")" \
      "$(pss_mib "$service")"
    p0[$service]=$(processed "$service")
    kill -STOP -- "-$(cat ".demo/pids/$service.pid")"
  done
  ./demo.sh load "$TOTAL" 200 | tail -n 4 | sed 's/^/   /' || true
  for service in "${CONSUMERS[@]}"; do
    echo "   $service backlog: $(depth "${QUEUE[$service]}")"
    t0[$service]=$(now_ms) c0[$service]=$(cpu_ms "$service")
    kill -CONT -- "-$(cat ".demo/pids/$service.pid")"
  done
  deadline=$((SECONDS + 600))
  while ((${#done_at[@]} < ${#CONSUMERS[@]} && SECONDS < deadline)); do
    for service in "${CONSUMERS[@]}"; do
      [[ -n ${done_at[$service]:-} ]] && continue
      # The payments' outcomes reach the ledger and, through booking-api, the e-mails.
      if [[ $(depth "${QUEUE[$service]}") == 0 ]] &&
        { [[ $service == payment-service ]] || { [[ -n ${done_at[payment-service]:-} ]] &&
          [[ $(depth "$(queue_of booking-api)") == 0 ]]; }; }; then
        done_at[$service]=1
        local ms=$(($(now_ms) - t0[$service])) cpu=$(($(cpu_ms "$service") - c0[$service]))
        local count=$(($(processed "$service") - p0[$service]))
        local pss
        pss=$(pss_mib "$service")
        printf '%s\t%s\t%d\t%d\t%d\t%d\n' "$label" "$service" "$count" "$ms" "$cpu" "$pss" >>"$OUT/drain.tsv"
        printf '   %-22s %6d messages in %6d ms: %6.1f msg/s, %5.2f CPU ms/msg, %4d MiB PSS after\n' "$service" \
          "$count" "$ms" "$(awk -v c="$count" -v m="$ms" 'BEGIN { print (m > 0 ? c * 1000 / m : 0) }')" \
          "$(awk -v c="$count" -v u="$cpu" 'BEGIN { print (c > 0 ? u / c : 0) }')" "$pss"
      fi
    done
    sleep 0.2
  done
  ((${#done_at[@]} == ${#CONSUMERS[@]})) || echo "   not drained within 600 s"
}

./demo.sh status >/dev/null
printf '# %s %s\n' "$(date -u +%FT%TZ)" "$*" >>"$OUT/drain.tsv"
for variant in "$@"; do
  run_variant "$variant"
done
