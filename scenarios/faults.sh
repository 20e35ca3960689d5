#!/usr/bin/env bash
# Shows: faults that are nobody's fault lose, double and dead-letter nothing: a consumer killed with SIGKILL mid-load and restarted; the emulator frozen (SIGSTOP) while bookings are posted, every POST still answered 201
# After each fault every booking of the load is checked through the services' own APIs:
# CONFIRMED, one payment, four postings, two e-mails; and the DLQs have gained nothing.
source "$(dirname "$0")/lib.sh"

BOOKINGS=$((SHORT ? 40 : 200))
RATE=$((SHORT ? 10 : 20))
FREEZE=$((SHORT ? 10 : 30))
# Bookings keep arriving through the whole freeze and a few seconds past it.
FREEZE_RATE=5
FREEZE_BOOKINGS=$((FREEZE_RATE * (FREEZE + 6)))
VICTIM=ledger-service
WORK="$ROOT/.demo/faults"

# The demo starts each component in a process group of its own, led by the recorded pid.
group_of() {
  cat "$ROOT/.demo/pids/$1.pid"
}

# One line per booking of the last load: its status, payments, postings and e-mails.
effects() {
  local id
  while read -r id; do
    curl -K "$OPERATOR" -sf -m 10 "$API/bookings/$id" "$PAYMENTS/payments?bookingId=$id" \
      "$LEDGER/ledger/entries?bookingId=$id" "$NOTIFICATIONS/notifications?bookingId=$id" |
      jq -rs --arg id "$id" '"\($id) \(.[0].status) \(.[1] | length) \(.[2] | length) \(.[3] | length)"' ||
      echo "$id unreadable"
  done <"$ROOT/.demo/load/last.ids"
}

# The bookings whose effects are not there exactly once.
not_exactly_once() {
  effects | awk -v p="$EXPECTED_PAYMENTS" -v l="$EXPECTED_POSTINGS" -v e="$EXPECTED_EMAILS" \
    '$2 != "CONFIRMED" || $3 != p || $4 != l || $5 != e'
}

# The saga's later events (captured, confirmed) follow the first ones by a moment: waits up
# to a minute for every booking to be complete, then prints and counts what is not.
settled() {
  local deadline=$((SECONDS + 60)) wrong
  while wrong=$(not_exactly_once) && [[ -n $wrong ]] && ((SECONDS < deadline)); do
    sleep 2
  done
  [[ -n $wrong ]] && sed 's/^/   booking, status, payments, postings, e-mails: /' <<<"$wrong" >&2
  grep -c . <<<"$wrong" || true
}

exactly_once() {
  local wrong
  wrong=$(settled)
  figure "bookings checked" "$(wc -l <"$ROOT/.demo/load/last.ids")"
  figure "bookings not CONFIRMED with $EXPECTED_PAYMENTS payment, $EXPECTED_POSTINGS postings, $EXPECTED_EMAILS e-mails" "$wrong"
  check "every booking's effects exactly once" test "$wrong" -eq 0
}

ensure_up
mkdir -p "$WORK"
dead_before=$(dead_letters)
figure "messages in the DLQs before" "$dead_before"

step "$VICTIM killed with SIGKILL mid-load ($BOOKINGS bookings at $RATE/s), then restarted"
demo load "$BOOKINGS" "$RATE" >"$WORK/kill.out" 2>&1 &
load=$!
sleep $((BOOKINGS / RATE / 2))
kill -KILL -- "-$(group_of "$VICTIM")"
killed_at=$SECONDS
figure "$VICTIM killed after" "$((BOOKINGS / RATE / 2))" s
demo start "$VICTIM" | sed 's/^/   /'
wait "$load" || true
accepted=$(wc -l <"$ROOT/.demo/load/last.ids")
figure "bookings accepted (201)" "$accepted of $BOOKINGS"
check "every POST answered 201" test "$accepted" -eq "$BOOKINGS"
verified=0
demo verify >"$WORK/kill.verify" 2>&1 && verified=1
tr '\r' '\n' <"$WORK/kill.verify" | grep -v -e '^waiting for consumers' -e '^ *$' | sed 's/^/   /'
check "every booking reached every consumer after the restart" test "$verified" -eq 1
figure "from the kill until $VICTIM had every booking" "$((SECONDS - killed_at))" s
exactly_once

step "the emulator frozen (SIGSTOP) for $FREEZE s while $FREEZE_BOOKINGS bookings are posted at $FREEZE_RATE/s"
demo load "$FREEZE_BOOKINGS" "$FREEZE_RATE" >"$WORK/freeze.out" 2>&1 &
load=$!
sleep 2
kill -STOP -- "-$(group_of fauxqs)"
frozen_at=$SECONDS
sleep "$FREEZE"
kill -CONT -- "-$(group_of fauxqs)"
thawed_at=$SECONDS
figure "emulator frozen for" "$((thawed_at - frozen_at))" s
wait "$load" || true
accepted=$(wc -l <"$ROOT/.demo/load/last.ids")
figure "bookings accepted (201)" "$accepted of $FREEZE_BOOKINGS"
check "every POST answered 201, the outbox holding the events" test "$accepted" -eq "$FREEZE_BOOKINGS"
verified=0
demo verify >"$WORK/freeze.verify" 2>&1 && verified=1
tr '\r' '\n' <"$WORK/freeze.verify" | grep -v -e '^waiting for consumers' -e '^ *$' | sed 's/^/   /'
check "every booking reached every consumer after the thaw" test "$verified" -eq 1
figure "from the thaw until every consumer had every booking" "$((SECONDS - thawed_at))" s
exactly_once

step "dead letters"
dead_after=$(dead_letters)
figure "messages in the DLQs after" "$dead_after"
check "nothing dead-lettered" test "$dead_after" -eq "$dead_before"
finish "a killed consumer and a frozen emulator lose, double and dead-letter nothing"
