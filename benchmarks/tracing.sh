#!/usr/bin/env bash
# What tracing costs: the same open-loop load with tracing off and on (every booking
# sampled, spans exported to the demo's Zipkin), side by side in one run on the local
# demo. Each round restarts the four services with TRACING_ENABLED=false, then =true,
# runs an uncounted warm-up, then N bookings at RATE per second, and reads the CPU time per
# booking of every process of the demo (loadgen's --cpu). Rounds alternate, so that a
# machine that gets busier does not favour one side.
#
#   benchmarks/tracing.sh [N] [RATE] [ROUNDS]
#
# Reports go to .demo/bench/tracing-TIME/{off,on}-ROUND/report.json. Needs the demo up
# (./demo.sh up); leaves it running with tracing on.
set -euo pipefail
cd "$(dirname "$0")/.."
TOTAL=${1:-900}
RATE=${2:-30}
ROUNDS=${3:-2}
OUT=.demo/bench/tracing-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
source infra/demo.properties
IFS=, read -r -a SERVICES <<<"$DEMO_SERVICES"


measure() {
  local label=$1 enabled=$2 name
  echo "== $label: TRACING_ENABLED=$enabled"
  for name in "${SERVICES[@]}"; do ./demo.sh stop "$name" >/dev/null; done
  for name in "${SERVICES[@]}"; do TRACING_ENABLED=$enabled ./demo.sh start "$name" >/dev/null; done
  java -jar loadgen/target/loadgen-*.jar load --count $((RATE * 8)) --rate "$RATE" --run "warm$RANDOM" \
    --out "$OUT/warm-up-$label" --wait PT120S >/dev/null || true
  java -jar loadgen/target/loadgen-*.jar load --count "$TOTAL" --rate "$RATE" --run "tr$RANDOM" \
    --out "$OUT/$label" --cpu-of "$(pwd)" --wait PT300S | grep -v '^\s*$' | tail -n 4 || true
}

for round in $(seq "$ROUNDS"); do
  measure "off-$round" false
  measure "on-$round" true
done

echo "== CPU per booking (ms): the four services, and the whole demo"
for report in "$OUT"/{off,on}-[0-9]*/report.json; do
  jq -r --arg run "$(basename "$(dirname "$report")")" '.cpuMsPerBooking as $c
    | "   \($run | . + " " * (8 - length)) services \([$c["booking-api"], $c["payment-service"], $c["ledger-service"],
      $c["notification-service"]] | add * 100 | round / 100)   whole demo \($c.total)   complete \(.complete)"' "$report"
done
jq -n --slurpfile off <(cat "$OUT"/off-[0-9]*/report.json) --slurpfile on <(cat "$OUT"/on-[0-9]*/report.json) '
  def services: .cpuMsPerBooking as $c | [$c["booking-api"], $c["payment-service"], $c["ledger-service"],
    $c["notification-service"]] | add;
  def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  ($off | map(services) | median) as $a | ($on | map(services) | median) as $b
  | "   on / off, the four services, medians: \($b * 100 | round / 100) / \($a * 100 | round / 100) ms = \($b / $a * 1000 | round / 10) %"' -r
