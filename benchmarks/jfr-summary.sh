#!/usr/bin/env bash
# Where a service's CPU samples fall, from a JFR recording (for example one made with
# DEMO_JAVA_OPTS="... -XX:StartFlightRecording=filename=ledger.jfr,settings=profile"):
# each jdk.ExecutionSample is charged to the library of its topmost frame outside the JDK
# ("self, by library"), and counted once for every project or library method on its stack
# ("inclusive, by method", the top 25).
#
#   benchmarks/jfr-summary.sh FILE.jfr
set -euo pipefail
file=${1:?usage: benchmarks/jfr-summary.sh FILE.jfr}
jfr print --events jdk.ExecutionSample --stack-depth 96 "$file" | awk '
  function library(frame, parts, n) {
    n = split(frame, parts, ".")
    return (n > 3) ? parts[1] "." parts[2] "." parts[3] : parts[1] "." parts[2]
  }
  /^jdk.ExecutionSample/ { samples++; in_stack = 0; self = ""; delete seen; next }
  /stackTrace = \[/ { in_stack = 1; next }
  in_stack && /^[[:space:]]*\]/ { in_stack = 0; by_library[self == "" ? "(JDK only)" : self]++; next }
  in_stack {
    frame = $1
    sub(/\(.*/, "", frame)
    if (frame == "...") next
    if (self == "" && frame !~ /^(java|javax|jdk|sun|com\.sun)\./) self = library(frame)
    if (frame ~ /^(io\.bookingdemo|org\.hibernate|org\.postgresql|com\.zaxxer|software\.amazon|io\.awspring|tools\.jackson|io\.micrometer|org\.springframework\.(jdbc|orm|transaction|messaging))/) {
      method = frame
      if (!(method in seen)) { seen[method] = 1; inclusive[method]++ }
    }
  }
  END {
    printf "%d execution samples\n\nself, by library (topmost frame outside the JDK)\n", samples
    for (name in by_library) printf "%6.1f %%  %s\n", 100 * by_library[name] / samples, name | "sort -rn"
    close("sort -rn")
    printf "\ninclusive, by method (top 25)\n"
    for (name in inclusive) printf "%6.1f %%  %s\n", 100 * inclusive[name] / samples, name | "sort -rn | head -n 25"
  }'
