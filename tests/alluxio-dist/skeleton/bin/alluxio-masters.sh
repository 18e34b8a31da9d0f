#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-masters.sh, written
# for the datalake.alluxio collection (tests/alluxio-dist). Same contract: runs
# a command on every host in conf/masters (comments and blank lines stripped)
# over `ssh -o ConnectTimeout=5 -o StrictHostKeyChecking=no -tt`, in parallel,
# appends the output to $ALLUXIO_LOGS_DIR/task.log as "[date][host] line",
# reports failed hosts and always exits 0.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

if [[ $# -lt 1 ]]; then
  echo "Usage: alluxio-masters.sh command..." >&2
  exit 1
fi

HOSTLIST=$(sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "${ALLUXIO_CONF_DIR}/masters")
mkdir -p "${ALLUXIO_LOGS_DIR}"
LOG="${ALLUXIO_LOGS_DIR}/task.log"

# Without ZooKeeper and without the embedded journal only the first master is
# a full master; the others run the secondary (checkpointing) master.
secondary_prefix=""
if [[ $(wc -w <<<"${HOSTLIST}") -gt 1 ]]; then
  # shellcheck disable=SC2086
  zk=$("${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${ALLUXIO_MASTER_JAVA_OPTS} -Dalluxio.logger.type=USER_LOGGER \
    alluxio.cli.GetConf alluxio.zookeeper.enabled 2>/dev/null)
  # shellcheck disable=SC2086
  journal=$("${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${ALLUXIO_MASTER_JAVA_OPTS} -Dalluxio.logger.type=USER_LOGGER \
    alluxio.cli.GetConf alluxio.master.journal.type 2>/dev/null | tr '[:lower:]' '[:upper:]')
  if [[ "${zk}" != "true" && "${journal}" != "EMBEDDED" ]]; then
    secondary_prefix="ALLUXIO_MASTER_SECONDARY=true "
  fi
fi

echo "Executing the following command on all master nodes and logging to ${LOG}: $*" | tee -a "${LOG}"

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
    echo "Task on '${host}' fails, exit code: ${rc}" >&2
  fi
  return "${rc}"
}

first=true
pids=()
for host in ${HOSTLIST}; do
  prefix=""
  if [[ "${first}" != true ]]; then prefix="${secondary_prefix}"; fi
  first=false
  run_on_host "${host}" "${prefix}" "$@" &
  pids+=($!)
  sleep 0.02
done

wait_for_host_tasks "${pids[@]}"
exit 0
