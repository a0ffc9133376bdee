#!/usr/bin/env bash
# Whole-process measurements of `parity check` on generated fleets, side by side with
# reading and parsing the same files (`parity snapshot stats`, the same readers, no check),
# and on the shipped example. Prints the Markdown tables of docs/performance.md.
#
#   bash bench/pipeline.sh            # N = 10 100 1000 5000, 5 runs each (median)
#   RUNS=3 SIZES="100 1000" bash bench/pipeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"10 100 1000 5000"}
WORK=${WORK:-/tmp/parity-bench}
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_fleet
BIN=target/release/parity
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure CMD...: prints "median_seconds max_rss_kb"
measure() {
  local times=() rss=0 out
  for _ in $(seq "$RUNS"); do
    out=$("$TIME" -f "%e %M" "$@" 2>&1 >/dev/null | tail -1) || true
    times+=("${out% *}")
    local r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | median)" "$rss"
}

echo "| N | files | snapshot MB | read+parse (s) | check (s) | check / read | peak RSS (MB) | RSS / bytes |"
echo "|---|---|---|---|---|---|---|---|"
declare -A CHECK
for n in $SIZES; do
  dir="$WORK/fleet-$n"
  [ -d "$dir" ] || ./target/release/examples/gen_fleet "$n" "$dir" >/dev/null
  bytes=$(find "$dir/snapshots" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  files=$(find "$dir/snapshots" -type f | wc -l)
  read -r tr _ < <(measure "$BIN" snapshot stats "$dir/snapshots")
  read -r tc rc < <(measure "$BIN" check "$dir/fleet.parity" --snapshots "$dir/snapshots")
  CHECK[$n]=$tc
  awk -v n="$n" -v f="$files" -v b="$bytes" -v tr="$tr" -v tc="$tc" -v rc="$rc" 'BEGIN {
    printf "| %s | %d | %.1f | %.2f | %.2f | %.2fx | %.0f | %.1fx |\n", n, f, b/1e6, tr, tc, tc/tr, rc/1024, rc*1024/b }'
done
if [ -n "${CHECK[1000]:-}" ] && [ -n "${CHECK[5000]:-}" ]; then
  awk -v a="${CHECK[1000]}" -v b="${CHECK[5000]}" 'BEGIN { printf "\nN = 5,000 takes %.2fx the time of N = 1,000 (linear: 5x).\n", b/a }'
fi
# The shipped example is too quick for time(1)'s 10 ms resolution: average 50 runs.
start=$(date +%s%N)
for _ in $(seq 50); do "$BIN" check contracts/jualuma.parity --snapshots contracts/snapshots >/dev/null 2>&1 || true; done
end=$(date +%s%N)
awk -v ns=$((end - start)) 'BEGIN { printf "\nThe shipped example: `parity check` takes %.1f ms wall (mean of 50 runs, process start included).\n", ns/50/1e6 }'
