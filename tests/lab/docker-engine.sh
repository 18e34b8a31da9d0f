#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's
# docker.io when the daemon is missing and starts dockerd in the background
# when no service manager runs it. Idempotent; prints nothing when the engine
# already answers.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lab/apt.sh
. "$here/apt.sh"

# Every systemd container takes inotify instances from the host's root user
# (the default 128 runs out at about 30 containers, and their boot hangs).
lab_raise_sysctl() {
  local key=$1 want=$2 have
  have=$(sysctl -n "$key" 2>/dev/null || echo 0)
  if [ "$have" -lt "$want" ] && ! sysctl -q -w "$key=$want" 2>/dev/null; then
    echo "lab: could not raise $key to $want (it is $have); many lab containers may not boot" >&2
  fi
}
lab_raise_sysctl fs.inotify.max_user_instances 8192
lab_raise_sysctl fs.inotify.max_user_watches 1048576

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "lab: installing docker.io from Debian" >&2
  lab_apt_install docker.io
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl start docker || true
fi

if ! docker info >/dev/null 2>&1; then
  # A pid file left by a dockerd that is gone (a restored snapshot, a killed
  # machine) makes a new dockerd refuse to start once its pid is reused.
  pidfile=/var/run/docker.pid
  if [ -s "$pidfile" ] && ! grep -qs dockerd "/proc/$(cat "$pidfile")/comm"; then
    rm -f "$pidfile"
  fi
  if ! pgrep -x dockerd >/dev/null; then
    echo "lab: starting dockerd in the background (log: /var/log/dockerd.log)" >&2
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
fi

# A first start on a loaded machine can take minutes (containerd, restoring
# the containers and networks it knew).
wait_s=${LAB_DOCKER_WAIT:-300}
for _ in $(seq 1 "$wait_s"); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "lab: the Docker engine did not answer within ${wait_s}s (LAB_DOCKER_WAIT); the end of /var/log/dockerd.log:" >&2
tail -n 20 /var/log/dockerd.log >&2 || true
exit 1
