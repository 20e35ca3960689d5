# Shared by the CI scripts (sourced, never run): each step announced with the time of day,
# and how long every step took, kept for the summary at the end.
STEP_TIMES=()

# Runs one step: timed NAME COMMAND [ARG...]; fails as the command does.
timed() {
  local name=$1 started=$SECONDS status=0
  shift
  printf '\n== %s (%s)\n' "$name" "$(date -u +%T)"
  "$@" || status=$?
  STEP_TIMES+=("$(printf '%5d s  %s' $((SECONDS - started)) "$name")")
  ((status == 0)) || STEP_TIMES[-1]+=" (FAILED, exit $status)"
  printf '== %s: %d s\n' "$name" $((SECONDS - started))
  return "$status"
}

# The steps run so far, with their times.
timings() {
  printf '\n== times of the steps (%s)\n' "$(date -u +%T)"
  printf '%s\n' "${STEP_TIMES[@]}"
}
