#!/usr/bin/env bash
# Brings the demo cluster up or down on local containers.
#   demo.sh up    one systemd container per host of inventories/demo, then site.yml
#   demo.sh down  removes the demo containers and network
# LAB_IMAGE must name the lab base image (make demo sets it).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
network=datalake-demo
prefix=datalake-demo-
inventory=inventories/demo

hosts() {
  ansible-inventory -i "$inventory" --list \
    | python3 -c 'import json,sys; print("\n".join(sorted(json.load(sys.stdin)["_meta"]["hostvars"])))'
}

up() {
  : "${LAB_IMAGE:?set LAB_IMAGE to the lab image (make demo does)}"
  docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
  for host in $(hosts); do
    name="$prefix$host"
    if [ -z "$(docker ps -q -f "name=^${name}$")" ]; then
      docker rm -f "$name" >/dev/null 2>&1 || true
      echo "demo: starting container $name"
      docker run -d --name "$name" --hostname "$host" --network "$network" --network-alias "$host" \
        --cap-add SYS_ADMIN --security-opt seccomp=unconfined --cgroupns host \
        -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
        --stop-signal SIGRTMIN+3 "$LAB_IMAGE" /lib/systemd/systemd >/dev/null
    fi
  done
  ansible-playbook site.yml -i "$inventory"
  echo
  echo "demo: ZooKeeper ensemble up: $(hosts | grep '^zk' | sed 's/$/:2181/' | paste -sd, -)"
  echo "demo: tear it down with: make demo-down"
}

down() {
  docker ps -aq -f "name=^${prefix}" | xargs -r docker rm -f >/dev/null
  docker network rm "$network" >/dev/null 2>&1 || true
  echo "demo: removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
