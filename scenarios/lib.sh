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

# Starts whatever part of the demo is not running.
ensure_up() {
  demo up >/dev/null
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
