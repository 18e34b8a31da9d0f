#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-workers.sh, written
# for the datalake.alluxio collection (tests/alluxio-dist). Same contract: runs
# a command on every host in conf/workers (comments and blank lines stripped)
# over `ssh -o ConnectTimeout=5 -o StrictHostKeyChecking=no -tt`, in parallel,
# appends the output to $ALLUXIO_LOGS_DIR/task.log as "[date][host] line",
# reports failed hosts and always exits 0.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

if [[ $# -lt 1 ]]; then
  echo "Usage: alluxio-workers.sh command..." >&2
  exit 1
fi

HOSTLIST=$(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "${ALLUXIO_CONF_DIR}/workers")
mkdir -p "${ALLUXIO_LOGS_DIR}"
LOG="${ALLUXIO_LOGS_DIR}/task.log"

echo "Executing the following command on all worker nodes and logging to ${LOG}: $*" | tee -a "${LOG}"

run_on_host() {
  local host="$1" prefix="$2"
  shift 2
  local rc
  echo "[${host}] Connecting as ${USER:-$(id -un)}..." >>"${LOG}"
  nohup ssh -o ConnectTimeout=5 -o StrictHostKeyChecking=no -tt "${host}" "${prefix}$*" 2>&1 </dev/null |
    while IFS= read -r line; do
      echo "[$(date '+%F %T')][${host}] ${line}"
    done >>"${LOG}"
  rc=${PIPESTATUS[0]}
  if [[ ${rc} -ne 0 ]]; then
    echo "Task on '${host}' fails, exit code: ${rc}"
  fi
  return "${rc}"
}

pids=()
for host in ${HOSTLIST}; do
  run_on_host "${host}" "" "$@" &
  pids+=($!)
  sleep 0.02
done

wait_for_host_tasks "${pids[@]}"
exit 0
