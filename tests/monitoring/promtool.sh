#!/usr/bin/env bash
# Prints the path of promtool from Debian's prometheus package (the version the
# monitoring role installs), extracted once into .cache/ without installing
# anything on this machine.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dest="$repo/.cache/promtool"
exec 9>"$repo/.cache/promtool.lock" 2>/dev/null || { mkdir -p "$repo/.cache"; exec 9>"$repo/.cache/promtool.lock"; }
flock 9
if [ ! -x "$dest/usr/bin/promtool" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download -q prometheus >&2); then
    # shellcheck source=tests/lab/apt.sh
    . "$repo/tests/lab/apt.sh"
    lab_apt_update
    (cd "$work" && apt-get download -q prometheus >&2)
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  dpkg-deb -x "$work"/prometheus_*.deb "$dest"
fi
echo "$dest/usr/bin/promtool"
