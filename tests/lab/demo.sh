#!/usr/bin/env bash
# The demo: a ZooKeeper-HA Alluxio cluster on local containers.
#   demo.sh up     test distribution (tests/alluxio-dist/build.sh), one systemd
#                  container per host of inventories/demo, then site.yml; prints
#                  the leader (lookup datalake.alluxio.alluxio_leader) and web UI
#   demo.sh drill  the failover drill (playbooks/failover_drill.yml) on the demo
#   demo.sh down   removes the demo containers, network and shared directory
# HDFS=1 adds inventories/demo-hdfs: the journal and root under-storage on the
# lab HDFS of one more container (tests/hdfs/deploy.yml), as inventories/prod.
# LAB_IMAGE must name the lab base image for `up` (make demo sets it).
# Ansible reaches the containers as operators reach hosts: over ssh as the
# account `ops` with sudo, each container's own host key pinned.
# tests/lab/ssh_access.py (the only `docker exec` use) sets that up and writes
# DEMO_SSH_DIR/ssh_config, which the inventory names in ansible_ssh_common_args.
# DEMO_INVENTORY, DEMO_PREFIX, DEMO_NETWORK, DEMO_SHARED and DEMO_SSH_DIR
# (absolute paths) run another cluster beside the demo (bench/run.sh does):
# the inventory's ansible_host values must start with DEMO_PREFIX, which
# `down` removes, and its ssh_config path must be DEMO_SSH_DIR's.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
network=${DEMO_NETWORK:-datalake-demo}
prefix=${DEMO_PREFIX:-datalake-demo-}
inventory=${DEMO_INVENTORY:-inventories/demo}
# -i arguments of every Ansible command: the inventory, and the HDFS variant's.
inventories=(-i "$inventory")
if [ "${HDFS:-0}" = 1 ]; then
  inventories+=(-i inventories/demo-hdfs)
fi
# Journal and root under-storage of every Alluxio container (standing for NFS).
shared=${DEMO_SHARED:-$repo/.cache/demo-shared}
# Operator key, pinned host keys and ssh_config of the containers.
ssh_dir=${DEMO_SSH_DIR:-$repo/.cache/demo-ssh}

# "inventory_name container_name is_alluxio" per host.
hosts() {
  ansible-inventory "${inventories[@]}" --list | python3 -c '
import json, sys
inventory = json.load(sys.stdin)
hostvars = inventory["_meta"]["hostvars"]
alluxio = set()
for group in ("alluxio_masters", "alluxio_workers"):
    alluxio.update(inventory.get(group, {}).get("hosts", []))
for name in sorted(hostvars):
    print(name, hostvars[name]["ansible_host"], "yes" if name in alluxio else "no")'
}

address() {
  docker inspect -f "{{ (index .NetworkSettings.Networks \"$network\").IPAddress }}" "$1"
}

# The ensemble as the controller reaches it, by container address (the
# controller has no /etc/hosts entries for the demo): zk1:2181,... .
zookeeper_hosts() {
  local zk hosts=()
  for zk in $(ansible-inventory "${inventories[@]}" --graph zookeeper | sed -n 's/.*--\(.*\)$/\1/p'); do
    hosts+=("$(address "$prefix$zk"):2181")
  done
  (IFS=,; echo "${hosts[*]}")
}

up() {
  : "${LAB_IMAGE:?set LAB_IMAGE to the lab image (make demo does)}"
  bash tests/alluxio-dist/build.sh >/dev/null
  if [ "${HDFS:-0}" = 1 ]; then bash tests/hdfs/build.sh >/dev/null; fi
  mkdir -p "$shared"
  docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
  local host name is_alluxio
  local -a extra
  while read -r host name is_alluxio; do
    if [ -z "$(docker ps -q -f "name=^${name}$")" ]; then
      docker rm -f "$name" >/dev/null 2>&1 || true
      extra=()
      if [ "$is_alluxio" = yes ]; then
        # The workers' MEM tier is /dev/shm (64MB ramdisk).
        extra=(-v "$shared:/srv/alluxio-shared:rw" --shm-size 128m)
      fi
      echo "demo: starting container $name"
      docker run -d --name "$name" --hostname "$host" --network "$network" \
        --cap-add SYS_ADMIN --security-opt seccomp=unconfined --cgroupns host \
        -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock "${extra[@]}" \
        --stop-signal SIGRTMIN+3 "$LAB_IMAGE" /lib/systemd/systemd >/dev/null
    fi
  done < <(hosts)
  # Boot finished, operator account, sshd, host keys pinned, ssh_config.
  local -a names=()
  while read -r host name is_alluxio; do
    names+=("$name")
  done < <(hosts)
  # Right after `docker run` systemd may not answer yet ("did not boot: "):
  # ssh_access.py is idempotent, so it is retried for up to a minute.
  local attempt
  for attempt in $(seq 30); do
    if python3 tests/lab/ssh_access.py --dir "$ssh_dir" "${names[@]}" >/dev/null 2>"$ssh_dir.err"; then
      break
    fi
    if [ "$attempt" = 30 ]; then
      cat "$ssh_dir.err" >&2
      return 1
    fi
    sleep 2
  done
  rm -f "$ssh_dir.err"
  if [ "${HDFS:-0}" = 1 ]; then
    ansible-playbook tests/hdfs/deploy.yml "${inventories[@]}" -e "hdfs_lab_repo=$repo"
  fi
  ansible-playbook site.yml "${inventories[@]}"

  local zk leader
  zk=$(zookeeper_hosts)
  echo
  # An embedded-journal inventory (bench/inventories/embedded3) has no ensemble to ask.
  if [ -n "$zk" ]; then
    leader=$(ANSIBLE_LOAD_CALLBACK_PLUGINS=true ANSIBLE_STDOUT_CALLBACK=ansible.builtin.json \
      ansible localhost "${inventories[@]}" -m ansible.builtin.debug \
      -a "msg={{ lookup('datalake.alluxio.alluxio_leader', hosts='$zk', format='host') }}" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["plays"][0]["tasks"][0]["hosts"]["localhost"]["msg"])')
    echo "demo: ZooKeeper ensemble: $zk"
    echo "demo: leading master (from ZooKeeper): $leader"
    echo "demo: web UI and REST: http://$(address "$prefix$leader"):19999/ (api/v1/master/info)"
  fi
  if [ "${HDFS:-0}" = 1 ]; then
    echo "demo: HDFS: http://$(address "${prefix}hdfs1"):9870/ (NameNode; hdfs dfs -ls -R / on ${prefix}hdfs1)"
  fi
  if [ -z "$(docker ps -q -f "name=^${prefix}monitor1$")" ]; then
    return 0
  fi
  local prometheus
  prometheus="http://$(address "${prefix}monitor1"):9090"
  echo "demo: Prometheus: $prometheus/alerts (alerts), $prometheus/targets (what it scrapes)"
  echo "demo: graph of the serving leader and the live workers:" \
    "$prometheus/graph?g0.expr=up%7Bjob%3D%22alluxio_master%22%7D&g0.range_input=15m&g1.expr=Cluster_Workers&g1.range_input=15m"
  echo "demo: Alertmanager: http://$(address "${prefix}monitor1"):9093/"
  echo "demo: failover drill: make drill$([ "${HDFS:-0}" = 1 ] && echo ' HDFS=1')"
  echo "demo: tear it down with: make demo-down"
}

drill() {
  ansible-playbook playbooks/failover_drill.yml "${inventories[@]}" \
    -e "{\"failover_drill_zookeeper_hosts\": [\"$(zookeeper_hosts | sed 's/,/", "/g')\"]}"
}

down() {
  docker ps -aq -f "name=^${prefix}" | xargs -r docker rm -f >/dev/null
  docker network rm "$network" >/dev/null 2>&1 || true
  rm -rf "$shared" "$ssh_dir"
  echo "demo: removed"
}

case "${1:-}" in
  up) up ;;
  drill) drill ;;
  down) down ;;
  *) echo "usage: $0 up|drill|down" >&2; exit 2 ;;
esac
