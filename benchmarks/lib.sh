# Shared by the benchmark scripts; sourced, not run.

# loadgen's --cpu options for every component of the demo of a checkout (its services,
# PostgreSQL with its backends, fauxqs, Prometheus, Zipkin): cpu_args CHECKOUT.
cpu_args() {
  local dir=$1 file name pids
  for file in "$dir"/.demo/pids/*.pid; do
    name=$(basename "$file" .pid)
    pids=$(<"$file")
    [[ $name == postgres ]] && pids+=$(printf ',%s' $(pgrep -f -- "-D $dir/.demo/postgres" || true))
    printf -- '--cpu %s=%s ' "$name" "$pids"
  done
}
