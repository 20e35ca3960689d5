# Shared by the scenarios (sourced, never run): each scenario shows one pattern on the local
# demo, prints its evidence as figures, and exits non-zero when what it should show did not
# happen. ./demo.sh scenario NAME [--short] runs one; --short is the version CI runs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHORT=0
[[ ${1:-} == --short ]] && SHORT=1
FAILED=()

demo() {
  "$ROOT/demo.sh" "$@"
}

# A heading for the next part of the story.
step() {
  printf '\n== %s\n' "$*"
}

# One measured value: name, value, unit.
figure() {
  printf '   %-48s %s\n' "$1" "$2${3:+ $3}"
}

# Records whether the command given succeeds; the scenario fails at the end if any did not.
check() {
  local what=$1
  shift
  if "$@"; then
    printf '   ok    %s\n' "$what"
  else
    printf '   FAIL  %s\n' "$what"
    FAILED+=("$what")
  fi
}

# One call of the emulator's SQS JSON API: sqs ACTION JSON.
sqs() {
  curl -sf -m 5 http://127.0.0.1:4566 -H "X-Amz-Target: AmazonSQS.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' -d "$2"
}

# Messages in a queue, visible and in flight.
depth() {
  local url
  url=$(sqs GetQueueUrl "{\"QueueName\":\"$1\"}" | jq -r .QueueUrl)
  sqs GetQueueAttributes "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"ApproximateNumberOfMessages\",\
\"ApproximateNumberOfMessagesNotVisible\"]}" |
    jq -r '.Attributes | (.ApproximateNumberOfMessages | tonumber) + (.ApproximateNumberOfMessagesNotVisible | tonumber)'
}

# Messages in every dead-letter queue of the topology, together.
dead_letters() {
  local queue total=0
  for queue in $(jq -r '.queues[].name' "$ROOT/infra/topology.json"); do
    total=$((total + $(depth "$queue-dlq")))
  done
  echo "$total"
}

# Starts whatever part of the demo is not running.
ensure_up() {
  # These scenarios run in standard mode: a demo left in fifo mode is restarted.
  if ! demo up --standard >/dev/null 2>&1; then
    demo down >/dev/null
    demo up --standard >/dev/null
  fi
}

# Ends the scenario: what it showed, or what did not happen.
finish() {
  echo
  if ((${#FAILED[@]})); then
    printf 'NOT SHOWN: %s\n' "${FAILED[@]}"
    exit 1
  fi
  echo "shown: $*"
}
