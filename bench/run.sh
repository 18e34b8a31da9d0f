#!/usr/bin/env bash
# `make bench`: times the ZooKeeper-HA deployment on local containers and
# writes bench/results/<UTC stamp>.json and bench/results/latest.json.
#   1. cold deploy, 3 workers (bench/inventories/workers3): bare containers ->
#      healthy HA cluster, i.e. `tests/lab/demo.sh up` from nothing;
#   2. re-run of site.yml on that cluster: seconds and the PLAY RECAP's changed sum;
#   3. failover (playbooks/failover_drill.yml): kill -9 of the leader -> the
#      new leader is named, -> its web API answers, -> every worker registered
#      with it, N drills, then a 3 s SIGSTOP of the leader (bench/freeze.py,
#      must not fail over); with alluxio_failover_profile fast (the default)
#      and alluxio (Alluxio's defaults), for ZooKeeper here and for the
#      embedded journal (bench/inventories/embedded3) after stage 4;
#   4. leader lookup latency: the alluxio_leader lookup in one Python process
#      (bench/lookup_latency.py) and as `ansible localhost` subprocesses, against
#      `alluxio fs masterInfo` run in a master container;
#   5. cold deploy with 6 workers (bench/inventories/workers6), for the ratio;
#   6. control-plane scale (bench/scale.py): hosts_file, alluxio_install +
#      alluxio_config and ssh_trust (no JVM) on 3 and 24 light containers,
#      cold and re-run, seconds per host, ratio, per-task growth.
# The one-time builds (lab image, test distribution) run before any timing.
# Ansible reaches the containers over ssh as the operator `ops` with sudo
# (tests/lab/ssh_access.py, through demo.sh; ssh_config in .cache/bench-ssh).
# Containers are named datalake-bench-* on network datalake-bench (the scale
# stage: datalake-scale-<pid>-*), so a running `make demo` is left alone; they
# are removed on exit.
#
# Environment: BENCH_QUICK=1 smoke run (1 failover with the fast profile
# only, 5 lookups each, no embedded journal, no 6-worker deploy, scale on 2
# and 4 light containers); BENCH_FAILOVERS,
# BENCH_LOOKUPS, BENCH_LOOKUP_PROCESSES override the counts, BENCH_SCALE_SIZES
# the scale sizes (default 3,24; empty: no scale stage).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
if [ -x .venv/bin/ansible-playbook ]; then
  export PATH=$repo/.venv/bin:$PATH
fi
export ANSIBLE_CONFIG=$repo/ansible.cfg

quick=${BENCH_QUICK:-0}
if [ "$quick" = 1 ]; then
  failovers=${BENCH_FAILOVERS:-1} lookups=${BENCH_LOOKUPS:-5} processes=${BENCH_LOOKUP_PROCESSES:-2}
  scale_sizes=${BENCH_SCALE_SIZES-2,4}
else
  failovers=${BENCH_FAILOVERS:-10} lookups=${BENCH_LOOKUPS:-20} processes=${BENCH_LOOKUP_PROCESSES:-5}
  scale_sizes=${BENCH_SCALE_SIZES-3,24}
fi

# The inventories' ansible_ssh_common_args name .cache/bench-ssh/ssh_config.
export DEMO_PREFIX=datalake-bench- DEMO_NETWORK=datalake-bench DEMO_SHARED=$repo/.cache/bench-shared
export DEMO_SSH_DIR=$repo/.cache/bench-ssh
inventory3=bench/inventories/workers3
inventory6=bench/inventories/workers6
inventory_embedded=bench/inventories/embedded3
master=${DEMO_PREFIX}master1

stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results
logs=$results/$stamp
mkdir -p "$logs"
raw=$logs/raw.txt
: >"$raw"

say() { echo "bench: $*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$(now)"; }
# record KEY VALUE...: one line of raw.txt, which bench/report.py reads.
record() { echo "$*" >>"$raw"; }
# run LOG COMMAND...: runs a stage with its stdout in LOG and its stderr in
# LOG.stderr; on failure shows their tails.
run() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>"$log.stderr"; then
    say "FAILED: $* (logs: $log, $log.stderr)"
    tail -n 30 "$log" "$log.stderr" >&2
    return 1
  fi
}

demo() { bash tests/lab/demo.sh "$@"; }

finish() {
  local rc=$?
  say "removing the bench containers"
  demo down >/dev/null 2>&1 || true
  record exit_status "$rc"
  python3 bench/report.py "$raw" "$results" "$stamp" || rc=1
  exit "$rc"
}

say "one-time builds (not timed): lab image and test distribution"
LAB_IMAGE=$(bash tests/lab/build-image.sh)
export LAB_IMAGE
bash tests/alluxio-dist/build.sh >/dev/null
demo down >/dev/null
trap finish EXIT
trap 'exit 143' INT TERM
record quick "$quick"
record load_before "$(cut -d' ' -f1-3 /proc/loadavg)"

say "cold deploy, 3 workers ($inventory3)"
start=$(now)
DEMO_INVENTORY=$inventory3 run "$logs/cold-3-workers.log" demo up
record cold_deploy_3_workers_s "$(elapsed "$start")"

say "no-op re-run of site.yml (demo topology, over ssh)"
start=$(now)
ANSIBLE_STDOUT_CALLBACK=ansible.builtin.json \
  run "$logs/rerun.json" ansible-playbook site.yml -i "$inventory3"
record rerun_s "$(elapsed "$start")"
record rerun_changed "$(python3 -c '
import json, sys
stats = json.load(open(sys.argv[1]))["stats"]
print(sum(host["changed"] for host in stats.values()))' "$logs/rerun.json")"

# drills LABEL INVENTORY: $failovers failover drills, then a 3 s freeze of
# the leader, on the running cluster; raw lines failover_drill_LABEL
# (seconds to elected, serving, workers registered) and freeze_LABEL.
drills() {
  local label=$1 inventory=$2 i masters
  for i in $(seq "$failovers"); do
    say "failover drill $i/$failovers ($label)"
    DEMO_INVENTORY=$inventory ANSIBLE_STDOUT_CALLBACK=ansible.builtin.json \
      run "$logs/drill-$label-$i.json" demo drill
    record "failover_drill_$label" "$(python3 bench/drill_times.py "$logs/drill-$label-$i.json")"
  done
  say "3 s freeze of the leader ($label)"
  masters=$(ansible-inventory -i "$inventory" --graph alluxio_masters | sed -n "s/.*--\(.*\)$/$DEMO_PREFIX\1/p")
  # shellcheck disable=SC2086
  run "$logs/freeze-$label.json" python3 bench/freeze.py "$DEMO_SSH_DIR/ssh_config" "$DEMO_NETWORK" $masters
  record "freeze_$label" "$(python3 -c 'import json, sys; print(int(json.load(open(sys.argv[1]))["leader_changed"]))' \
    "$logs/freeze-$label.json")"
}

# profile NAME INVENTORY: site.yml with alluxio_failover_profile=NAME.
profile() {
  say "alluxio_failover_profile=$1"
  run "$logs/profile-$1-$(basename "$2").log" ansible-playbook site.yml -i "$2" -e "alluxio_failover_profile=$1"
}

# ZooKeeper: the collection's profile as deployed, then Alluxio's defaults.
drills zookeeper_fast "$inventory3"
if [ "$quick" != 1 ]; then
  profile alluxio "$inventory3"
  drills zookeeper_alluxio "$inventory3"
  profile fast "$inventory3"
fi

zk_hosts=$(for zk in zk1 zk2 zk3; do
  printf '%s:2181,' "$(docker inspect -f "{{ (index .NetworkSettings.Networks \"$DEMO_NETWORK\").IPAddress }}" "$DEMO_PREFIX$zk")"
done)
zk_hosts=${zk_hosts%,}

say "leader lookup in process, $lookups calls"
run "$logs/lookup-in-process.json" python3 bench/lookup_latency.py "$zk_hosts" "$lookups"
record lookup_in_process_s "$(python3 -c 'import json, sys; print(*json.load(open(sys.argv[1]))["samples"])' "$logs/lookup-in-process.json")"

say "leader lookup as 'ansible localhost' processes, $processes calls"
samples=()
for i in $(seq "$processes"); do
  start=$(now)
  run "$logs/lookup-process-$i.log" ansible localhost -i "$inventory3" -m ansible.builtin.debug \
    -a "msg={{ lookup('datalake.alluxio.alluxio_leader', hosts='$zk_hosts') }}"
  samples+=("$(elapsed "$start")")
done
record lookup_process_s "${samples[@]}"

say "alluxio fs masterInfo on $master over ssh, $lookups calls"
samples=()
for i in $(seq "$lookups"); do
  start=$(now)
  run "$logs/master-info-$i.log" ssh -F "$DEMO_SSH_DIR/ssh_config" "$master" sudo -u alluxio /opt/alluxio/bin/alluxio fs masterInfo
  samples+=("$(elapsed "$start")")
done
record master_info_s "${samples[@]}"

if [ "$quick" != 1 ]; then
  demo down >/dev/null
  say "embedded journal: three masters ($inventory_embedded)"
  DEMO_INVENTORY=$inventory_embedded run "$logs/embedded-up.log" demo up
  drills embedded_fast "$inventory_embedded"
  profile alluxio "$inventory_embedded"
  drills embedded_alluxio "$inventory_embedded"
  demo down >/dev/null
  say "cold deploy, 6 workers ($inventory6)"
  start=$(now)
  DEMO_INVENTORY=$inventory6 run "$logs/cold-6-workers.log" demo up
  record cold_deploy_6_workers_s "$(elapsed "$start")"
fi
if [ -n "$scale_sizes" ]; then
  demo down >/dev/null
  say "control-plane scale on $scale_sizes light containers (no JVMs)"
  run "$logs/scale.txt" python3 bench/scale.py --out "$logs/scale" --raw "$raw" --sizes "$scale_sizes"
  cat "$logs/scale.txt" >&2
fi
record load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
