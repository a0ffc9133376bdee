#!/usr/bin/env bash
# Whole-process measurements of `parity check` on generated fleets, side by side with
# reading and parsing the same files (`parity snapshot stats`, the same readers, no check),
# and on the shipped example. Prints the Markdown tables of docs/performance.md.
#
#   bash bench/pipeline.sh            # N = 10 100 1000 5000, 5 rounds (median)
#   RUNS=3 SIZES="100 1000" bash bench/pipeline.sh
#
# The rounds are interleaved (each round runs every size once, reading then checking), so
# a slow spell of a shared machine falls on all sizes alike and the ratios stay fair.
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
max() { sort -n | tail -1; }

# one NAME CMD...: appends "wall cpu rss_kb" of one run to $OUT/NAME
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
one() {
  local name=$1
  shift
  "$TIME" -o "$OUT/time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
  # GNU time writes "Command exited with non-zero status N" first when the check fails.
  tail -1 "$OUT/time" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >>"$OUT/$name"
}
col() { awk -v c="$2" '{print $c}' "$OUT/$1"; }

for n in $SIZES; do
  dir="$WORK/fleet-$n"
  [ -d "$dir" ] || ./target/release/examples/gen_fleet "$n" "$dir" >/dev/null
done
for _ in $(seq "$RUNS"); do
  for n in $SIZES; do
    dir="$WORK/fleet-$n"
    one "read-$n" "$BIN" snapshot stats "$dir/snapshots"
    one "check-$n" "$BIN" check "$dir/fleet.parity" --snapshots "$dir/snapshots"
  done
done
# With --all every pass is kept as a finding (what --all and JUnit need): memory only.
for n in $SIZES; do
  dir="$WORK/fleet-$n"
  one "all-$n" "$BIN" check "$dir/fleet.parity" --snapshots "$dir/snapshots" --all
done

echo "| N | files | snapshot MB | read+parse (s) | check (s) | check / read | check CPU (s) | peak RSS (MB) | RSS / bytes | RSS with --all (MB) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
declare -A WALL CPU
for n in $SIZES; do
  dir="$WORK/fleet-$n"
  bytes=$(find "$dir/snapshots" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  files=$(find "$dir/snapshots" -type f | wc -l)
  tr=$(col "read-$n" 1 | median)
  tc=$(col "check-$n" 1 | median)
  cc=$(col "check-$n" 2 | median)
  rc=$(col "check-$n" 3 | max)
  ra=$(col "all-$n" 3 | max)
  WALL[$n]=$tc
  CPU[$n]=$cc
  awk -v n="$n" -v f="$files" -v b="$bytes" -v tr="$tr" -v tc="$tc" -v cc="$cc" -v rc="$rc" -v ra="$ra" 'BEGIN {
    printf "| %s | %d | %.1f | %.2f | %.2f | %.2fx | %.2f | %.1f | %.2fx | %.1f |\n", n, f, b/1e6, tr, tc, tc/tr, cc, rc*1024/1e6, rc*1024/b, ra*1024/1e6 }'
done
if [ -n "${WALL[1000]:-}" ] && [ -n "${WALL[5000]:-}" ]; then
  awk -v a="${WALL[1000]}" -v b="${WALL[5000]}" -v ca="${CPU[1000]}" -v cb="${CPU[5000]}" 'BEGIN {
    printf "\nN = 5,000 takes %.2fx the wall time of N = 1,000 and %.2fx its CPU time (linear: 5x).\n", b/a, cb/ca }'
fi
echo
echo "Peak RSS is the largest of the runs; times are medians of $RUNS interleaved rounds; CPU is user + system."
# The shipped example is too quick for time(1)'s 10 ms resolution: average 50 runs.
start=$(date +%s%N)
for _ in $(seq 50); do "$BIN" check contracts/jualuma.parity --snapshots contracts/snapshots >/dev/null 2>&1 || true; done
end=$(date +%s%N)
awk -v ns=$((end - start)) 'BEGIN { printf "\nThe shipped example: `parity check` takes %.1f ms wall (mean of 50 runs, process start included).\n", ns/50/1e6 }'
