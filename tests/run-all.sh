#!/usr/bin/env bash
# Runs every test step of the collection, timing each one, and ends with a
# summary table, the reasons of any failure, and a closing "N passed, N
# failed" line. Steps are Make targets; `make test` calls this script.
#
# The lab image and the test distribution are built first. Then the molecule
# scenarios run in two parallel lanes of about equal length (lifecycle and
# alluxio_modules; the others), each lane one scenario
# after the other, while the quick steps (lint, sanity, unit, collection, awx)
# run beside them, one after the other. On this 2-core machine the lanes slow each scenario down by
# about 1.5x (they share the CPUs) and still finish sooner than one lane.
# Each scenario has its own container, network and volume names, so lanes do
# not share state. LANES=1 runs everything in order: quick steps, then the
# scenarios.
#
# Usage: tests/run-all.sh [STEP ...]   (default: every step below)
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit

SERIAL_DEFAULT="lint sanity unit collection awx"
# Lane 1 first, then the others; a lane is a space-separated list.
# lifecycle alone takes about as long as single, embedded and docker together
# (clean-clone run of 2026-12-08, eb7a367: lifecycle 2965 s; single 695,
# embedded 953, docker 1322 s, lane 2 then still had alluxio_modules, about
# 150 s, and cluster_access, about 320 s, to run), so alluxio_modules follows
# lifecycle: 2961 s in all for the clean clone of 8f05297 (lane 1 2814 s,
# lane 2 2919 s). docker's
# ZooKeeper-HA part still overlaps lifecycle's upgrade only as in the runs
# that passed: with cluster_access after lifecycle instead, it once found no
# leader within its 240 s (CI of 42c326f).
LANE_DEFAULT=("molecule-lifecycle molecule-alluxio_modules" "molecule-single molecule-embedded molecule-docker molecule-cluster_access")
lanes=${LANES:-2}

logdir="$repo/tests/output/logs"
mkdir -p "$logdir"
resultdir=$(mktemp -d)
trap 'rm -rf "$resultdir"' EXIT
start_all=$(date +%s)

# run_step STEP QUIET [NICE]: runs `make STEP` into its log (also to the
# terminal unless QUIET; at niceness NICE, default 0), records "STEP RESULT
# SECONDS" in the result directory.
run_step() {
  local step=$1 quiet=$2 niceness=${3:-0} t0 result secs
  echo "=== $step (log: tests/output/logs/$step.log)"
  t0=$(date +%s)
  if [ "$quiet" = 1 ]; then
    nice -n "$niceness" make --no-print-directory "$step" >"$logdir/$step.log" 2>&1
  else
    nice -n "$niceness" make --no-print-directory "$step" 2>&1 | tee "$logdir/$step.log"
  fi
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then result=ok; else result=FAILED; fi
  secs=$(($(date +%s) - t0))
  printf '%s %s %s\n' "$step" "$result" "$secs" >"$resultdir/$(date +%s%N)-$step"
  echo "=== $step: $result in ${secs}s"
}

# why_failed STEP: the lines of STEP's log that say what failed (Ansible's
# failed results and errors with the lines after them, pytest's, ansible-test's,
# yamllint's and ansible-lint's errors), without colours and shortened, so
# that the end of the run shows the cause and not only the recap; the log's
# last lines when none matches.
why_failed() {
  local log="$logdir/$1.log" lines
  echo "--- why $1 failed (whole log: tests/output/logs/$1.log)"
  lines=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
    grep -n -E -A8 'fatal: |FAILED! |\[ERROR\]|^E  |^FAILED |ERROR:|Error:| error |^Failed: |did not answer' |
    tail -n 40 | cut -c1-300)
  if [ -n "$lines" ]; then echo "$lines"; else tail -n 20 "$log" | cut -c1-300; fi
}

if [ $# -gt 0 ] || [ -n "${STEPS:-}" ]; then
  read -r -a steps <<<"${*:-${STEPS:-}}"
  for step in "${steps[@]}"; do run_step "$step" 0; done
else
  read -r -a serial <<<"$SERIAL_DEFAULT"
  # Every scenario needs both; built once, before the lanes.
  run_step lab 0
  run_step dist 0
  if ! grep -qs ' ok ' "$resultdir"/*-lab || ! grep -qs ' ok ' "$resultdir"/*-dist; then
    echo "=== no molecule scenario runs: lab or dist failed"
    for step in "${serial[@]}"; do run_step "$step" 0; done
  elif [ "$lanes" -le 1 ]; then
    for step in "${serial[@]}"; do run_step "$step" 0; done
    read -r -a steps <<<"${LANE_DEFAULT[*]}"
    for step in "${steps[@]}"; do run_step "$step" 0; done
  else
    echo "=== molecule scenarios in two lanes: ${LANE_DEFAULT[0]} | ${LANE_DEFAULT[1]}; quick steps beside them"
    pids=()
    for lane in "${LANE_DEFAULT[@]}"; do
      (
        read -r -a steps <<<"$lane"
        for step in "${steps[@]}"; do run_step "$step" 1; done
      ) &
      pids+=($!)
    done
    # Niced: the lanes' JVMs and timed waits come first.
    for step in "${serial[@]}"; do run_step "$step" 0 5; done
    for pid in "${pids[@]}"; do wait "$pid"; done
  fi
fi

passed=0
failed=0
echo
echo "step                             result   wall"
for file in "$resultdir"/*; do
  read -r step result secs <"$file"
  printf '%-32s %-7s %6ss\n' "$step" "$result" "$secs"
  if [ "$result" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
for file in "$resultdir"/*; do
  read -r step result _ <"$file"
  if [ "$result" != ok ]; then why_failed "$step"; fi
done
echo "total wall time: $(($(date +%s) - start_all))s"
echo "steps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
