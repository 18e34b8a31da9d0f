#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-mount.sh, written for
# the datalake.alluxio collection (tests/alluxio-dist). Mounts a ramfs of
# alluxio.worker.ramdisk.size at every level-0 MEM path (re-mounting an
# existing ramfs/tmpfs there) and makes it world-writable.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

USAGE="Usage: alluxio-mount.sh [Mount|SudoMount|Umount|SudoUmount] [local|workers]"

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "${USAGE}" >&2
  exit 1
fi
mode="$1"
target="${2:-local}"

worker_conf() {
  # shellcheck disable=SC2086
  "${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${ALLUXIO_WORKER_JAVA_OPTS} \
    -Dalluxio.logger.type=USER_LOGGER alluxio.cli.GetConf "$@" 2>/dev/null
}

is_memory_fs() {
  local fstype
  fstype=$(stat -f -c %T "$1" 2>/dev/null || true)
  [[ "${fstype}" == "tmpfs" || "${fstype}" == "ramfs" ]]
}

mount_local() {
  local sudo="$1" alias paths size_bytes mem_bytes path
  alias=$(worker_conf alluxio.worker.tieredstore.level0.alias)
  if [[ "${alias}" != "MEM" ]]; then
    echo "Level 0 of the worker's tiered store is '${alias}', not MEM; nothing to mount."
    return 0
  fi
  paths=$(worker_conf alluxio.worker.tieredstore.level0.dirs.path)
  size_bytes=$(worker_conf --unit B alluxio.worker.ramdisk.size)
  mem_bytes=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 1024))
  if [[ -z "${size_bytes}" || "${size_bytes}" -gt "${mem_bytes}" ]]; then
    echo "ERROR: alluxio.worker.ramdisk.size (${size_bytes:-unknown} bytes) exceeds this host's memory (${mem_bytes} bytes)." >&2
    return 1
  fi
  for path in ${paths//,/ }; do
    if is_memory_fs "${path}" && mountpoint -q "${path}"; then
      ${sudo} umount -l "${path}" || return 1
    fi
    ${sudo} mkdir -p "${path}" || return 1
    echo "Mounting a ramfs of ${size_bytes} bytes at ${path}"
    ${sudo} mount -t ramfs -o "size=${size_bytes}" ramfs "${path}" || return 1
    ${sudo} chmod a+w "${path}" || return 1
  done
}

umount_local() {
  local sudo="$1" paths path
  paths=$(worker_conf alluxio.worker.tieredstore.level0.dirs.path)
  for path in ${paths//,/ }; do
    if mountpoint -q "${path}"; then
      ${sudo} umount -l "${path}" || return 1
    fi
  done
}

case "${target}" in
  local) ;;
  workers)
    "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-mount.sh" "${mode}" local
    exit 0
    ;;
  *) echo "${USAGE}" >&2; exit 1 ;;
esac

case "${mode}" in
  Mount) mount_local "" ;;
  SudoMount) mount_local sudo ;;
  Umount) umount_local "" ;;
  SudoUmount) umount_local sudo ;;
  *) echo "${USAGE}" >&2; exit 1 ;;
esac
