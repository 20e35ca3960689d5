#!/usr/bin/env bash
# The same load on the demo of another checkout (for example the last commit before a
# change, from `git worktree add`) and on this one, side by side in one run, with this
# checkout's load generator: after an uncounted warm-up, N bookings at RATE per second
# (open loop), their latencies, exactly-once counts, and the CPU time per booking of every
# process of each demo (its services, PostgreSQL with its backends, fauxqs, Prometheus).
# Rounds alternate between the two, so that a machine that gets busier does not favour one.
#
#   benchmarks/before-after.sh OTHER_CHECKOUT [N] [RATE] [ROUNDS]
#
# Reports go to .demo/bench/before-after-TIME/{before,after}-ROUND/report.json. Leaves both
# demos down.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$(pwd)
OTHER=$(cd "${1:?usage: benchmarks/before-after.sh OTHER_CHECKOUT [N] [RATE] [ROUNDS]}" && pwd)
TOTAL=${2:-900}
RATE=${3:-25}
ROUNDS=${4:-1}
OUT=$HERE/.demo/bench/before-after-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"


measure() {
  local label=$1 dir=$2
  echo "== $label: $dir ($(git -C "$dir" log --oneline -1))"
  (cd "$dir" && ./demo.sh up >/dev/null)
  java -jar "$HERE"/loadgen/target/loadgen-*.jar load --count $((RATE * 8)) --rate "$RATE" --run "warm$RANDOM" \
    --out "$OUT/$label-warm-up" --wait PT120S >/dev/null || true
  java -jar "$HERE"/loadgen/target/loadgen-*.jar load --count "$TOTAL" --rate "$RATE" --run "ba$RANDOM" \
    --out "$OUT/$label" --cpu-of "$dir" --wait PT300S | grep -v '^\s*$' | tail -n 14 || true
  (cd "$dir" && ./demo.sh down >/dev/null)
}

./demo.sh down >/dev/null
(cd "$OTHER" && ./demo.sh down >/dev/null)
# This checkout's demo makes the key the generator signs with; the other may not check it.
./demo.sh token --operator >/dev/null
for round in $(seq "$ROUNDS"); do
  measure "before-$round" "$OTHER"
  measure "after-$round" "$HERE"
done
echo "== CPU per booking (ms, whole demo)"
for report in "$OUT"/{before,after}-[0-9]*/report.json; do
  printf '   %-10s %s\n' "$(basename "$(dirname "$report")")" "$(jq -c '.cpuMsPerBooking // .cpu' "$report")"
done
