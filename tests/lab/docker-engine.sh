#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's
# docker.io when the daemon is missing and starts dockerd in the background
# when no service manager runs it. Idempotent; prints nothing when the engine
# already answers.
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "lab: installing docker.io from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl start docker || true
fi

if ! docker info >/dev/null 2>&1; then
  echo "lab: starting dockerd in the background (log: /var/log/dockerd.log)" >&2
  nohup dockerd >/var/log/dockerd.log 2>&1 &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "lab: the Docker engine did not answer within 60s; see /var/log/dockerd.log" >&2
exit 1
