#!/usr/bin/env bash
# Builds the lab's base image (Debian 12, systemd as PID 1, sshd, python3)
# with debootstrap piped into `docker import`, once per machine: the tag
# carries a hash of the image definition (image.conf, rootfs-setup.sh), and an
# existing tag is reused. Concurrent callers wait for one build.
# Prints the image reference on stdout; everything else goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lab/image.conf
. "$here/image.conf"
# shellcheck source=tests/lab/apt.sh
. "$here/apt.sh"

hash=$(cat "$here/image.conf" "$here/rootfs-setup.sh" | sha256sum | cut -c1-12)
tag="datalake-alluxio-lab/debian12:$hash"

"$here/docker-engine.sh"

exec 9>/var/lock/datalake-alluxio-lab-image.lock
flock 9

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "lab: installing debootstrap from Debian" >&2
  lab_apt_install debootstrap
fi

root=$(mktemp -d /var/tmp/lab-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT

echo "lab: debootstrap $LAB_SUITE into $root (about a minute, once per machine)" >&2
debootstrap --variant=minbase --include="$LAB_PACKAGES" "$LAB_SUITE" "$root" "$LAB_MIRROR" >&2
bash "$here/rootfs-setup.sh" "$root"

echo "lab: importing $tag" >&2
tar -C "$root" -c . | docker import \
  --change 'ENV container=docker' \
  --change 'CMD ["/lib/systemd/systemd"]' \
  - "$tag" >&2
echo "$tag"
