#!/usr/bin/env bash
# Runs every test step of the collection in order, timing each one, and ends
# with a summary table and a closing "N passed, N failed" line.
# Steps are Make targets; `make test` calls this script.
# Usage: tests/run-all.sh [STEP ...]   (default: every step in STEPS below)
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit

STEPS_DEFAULT="lint sanity unit collection awx dist molecule-zookeeper molecule-cluster_access molecule-alluxio_modules molecule-single molecule-lifecycle molecule-embedded molecule-docker"
read -r -a steps <<<"${*:-${STEPS:-$STEPS_DEFAULT}}"

logdir="$repo/tests/output/logs"
mkdir -p "$logdir"
passed=0
failed=0
summary=()
start_all=$(date +%s)

for step in "${steps[@]}"; do
  echo "=== $step (log: tests/output/logs/$step.log)"
  t0=$(date +%s)
  if make --no-print-directory "$step" 2>&1 | tee "$logdir/$step.log"; then
    result=ok
    passed=$((passed + 1))
  else
    result=FAILED
    failed=$((failed + 1))
  fi
  secs=$(($(date +%s) - t0))
  summary+=("$(printf '%-32s %-7s %6ss' "$step" "$result" "$secs")")
  echo "=== $step: $result in ${secs}s"
done

echo
echo "step                             result   wall"
printf '%s\n' "${summary[@]}"
echo "total wall time: $(($(date +%s) - start_all))s"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
