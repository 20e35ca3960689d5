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

# curl configurations with the demo's bearer tokens, written by ./demo.sh up: the operator's
# (consumers' read APIs, /admin, /actuator/prometheus) and the customer's the scenarios book
# as (their bookings name no customerId: the token says who books).
OPERATOR="$ROOT/.demo/jwt/operator.curl"
CUSTOMER="$ROOT/.demo/jwt/customer.curl"

# A heading for the next part of the story, with the seconds since the scenario started (to
# see where its time goes).
step() {
  printf '\n== %s  [%d s]\n' "$*" "$SECONDS"
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

# The demo's ports and a booking's expected effects (EXPECTED_*), shared with demo.sh and the
# load generator; the services' and tools' addresses from them.
source "$ROOT/infra/demo.properties"
ENDPOINT=http://127.0.0.1:$FAUXQS_PORT
API=http://127.0.0.1:$BOOKING_API_PORT
PAYMENTS=http://127.0.0.1:$PAYMENT_SERVICE_PORT
LEDGER=http://127.0.0.1:$LEDGER_SERVICE_PORT
NOTIFICATIONS=http://127.0.0.1:$NOTIFICATION_SERVICE_PORT
PROMETHEUS=http://127.0.0.1:$PROMETHEUS_PORT

# A service's port: port_of SERVICE.
port_of() {
  local var=${1^^}_PORT
  var=${var//-/_}
  echo "${!var}"
}

# The queue a service consumes, from the topology: queue_of SERVICE.
queue_of() {
  jq -r --arg s "$1" '.queues[] | select(.consumer == $s) | .name' "$ROOT/infra/topology.json"
}

# One call of the emulator's SQS JSON API: sqs ACTION JSON (time enough for a 20 s long poll).
sqs() {
  curl -sf -m 25 "$ENDPOINT" -H "X-Amz-Target: AmazonSQS.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' -d "$2"
}

# A queue's URL, from its name.
queue_url() {
  sqs GetQueueUrl "{\"QueueName\":\"$1\"}" | jq -r .QueueUrl
}

# A queue's messages, visible then in flight: "VISIBLE IN_FLIGHT".
queue_counts() {
  sqs GetQueueAttributes "{\"QueueUrl\":\"$(queue_url "$1")\",\"AttributeNames\":[\"ApproximateNumberOfMessages\",\
\"ApproximateNumberOfMessagesNotVisible\"]}" |
    jq -r '.Attributes | "\(.ApproximateNumberOfMessages) \(.ApproximateNumberOfMessagesNotVisible)"'
}

# Publishes an event straight to a topic with the attributes its producer would set (the
# subscriptions filter on eventType): publish TOPIC BODY.
publish() {
  local arn
  arn=$(curl -sf -m 10 "$ENDPOINT" -d Action=ListTopics | grep -o "arn:aws:sns:[^<]*:$1<" | tr -d '<')
  curl -sf -m 10 -o /dev/null "$ENDPOINT" --data-urlencode Action=Publish --data-urlencode "TopicArn=$arn" \
    --data-urlencode "Message=$2" \
    --data-urlencode MessageAttributes.entry.1.Name=eventType \
    --data-urlencode MessageAttributes.entry.1.Value.DataType=String \
    --data-urlencode "MessageAttributes.entry.1.Value.StringValue=$(jq -r .eventType <<<"$2")" \
    --data-urlencode MessageAttributes.entry.2.Name=eventVersion \
    --data-urlencode MessageAttributes.entry.2.Value.DataType=String \
    --data-urlencode "MessageAttributes.entry.2.Value.StringValue=$(jq -r .eventVersion <<<"$2")" \
    --data-urlencode MessageAttributes.entry.3.Name=eventId \
    --data-urlencode MessageAttributes.entry.3.Value.DataType=String \
    --data-urlencode "MessageAttributes.entry.3.Value.StringValue=$(jq -r .eventId <<<"$2")"
}

# Sends an event straight to a queue, as SNS raw delivery would: deliver QUEUE BODY.
deliver() {
  sqs SendMessage "$(jq -nc --arg url "$(queue_url "$1")" --arg body "$2" '$body | fromjson as $e | {QueueUrl: $url,
    MessageBody: $body, MessageAttributes: {eventType: {DataType: "String", StringValue: $e.eventType},
      eventVersion: {DataType: "String", StringValue: ($e.eventVersion | tostring)},
      eventId: {DataType: "String", StringValue: $e.eventId}}}')" >/dev/null
}

# Messages in a queue, visible and in flight.
depth() {
  queue_counts "$1" | awk '{ print $1 + $2 }'
}

# Messages in every dead-letter queue of the topology, together; dead_letters fifo counts
# the FIFO ones.
dead_letters() {
  local queue total=0 suffix=
  [[ ${1:-standard} == fifo ]] && suffix=.fifo
  for queue in $(jq -r '.queues[].name' "$ROOT/infra/topology.json"); do
    total=$((total + $(depth "$queue-dlq$suffix")))
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

# Counts the bookings of $IDS (one id a line) whose effect at a consumer is not exactly the
# expected one, asking again for 60 s about those that are not there yet (a confirmation
# follows the payment).
not_exactly_once() {
  local url=$1 filter=$2 expected=$3 id deadline=$((SECONDS + 60)) left="$ROOT/.demo/load/not-yet"
  cp "$IDS" "$left"
  while [[ -s $left ]] && ((SECONDS < deadline)); do
    while read -r id; do
      [[ $(curl -K "$OPERATOR" -sf -m 5 "$url$id" | jq -c "$filter") == "$expected" ]] || echo "$id"
    done <"$left" >"$left.next"
    mv "$left.next" "$left"
    [[ -s $left ]] && sleep 1
  done
  wc -l <"$left"
}
