#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-monitor.sh, written
# for the datalake.alluxio collection (tests/alluxio-dist). It runs the real
# health-check classes from alluxio-shell (AlluxioMasterMonitor & co.). As in
# the release, only single-node targets return non-zero; masters, workers and
# all run over ssh and return 0.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

USAGE="Usage: alluxio-monitor.sh ACTION
Where ACTION is one of:
  all, local, master, masters, job_master, job_masters, worker, workers,
  job_worker, job_workers, proxy, proxies, secondary_master"

monitor() {
  local process="$1" main opts
  case "${process}" in
    master) main=alluxio.master.AlluxioMasterMonitor; opts="${ALLUXIO_MASTER_JAVA_OPTS}" ;;
    job_master) main=alluxio.master.job.AlluxioJobMasterMonitor; opts="${ALLUXIO_JOB_MASTER_JAVA_OPTS}" ;;
    worker) main=alluxio.worker.AlluxioWorkerMonitor; opts="${ALLUXIO_WORKER_JAVA_OPTS}" ;;
    job_worker) main=alluxio.worker.job.AlluxioJobWorkerMonitor; opts="${ALLUXIO_JOB_WORKER_JAVA_OPTS}" ;;
    proxy) main=alluxio.proxy.AlluxioProxyMonitor; opts="${ALLUXIO_PROXY_JAVA_OPTS}" ;;
    secondary_master)
      # No health check exists for it; being alive is all there is.
      if ps -A -ww -o comm=,args= | awk '$1 == "java"' | grep -q "alluxio.master.AlluxioSecondaryMaster"; then
        echo "[ OK ] The secondary_master service @ $(hostname) is in a healthy state."
        return 0
      fi
      echo "[ FAILED ] The secondary_master service @ $(hostname) is not running." >&2
      return 1
      ;;
    *) echo -e "${USAGE}" >&2; return 1 ;;
  esac
  # shellcheck disable=SC2086
  if "${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${opts} -Dalluxio.logger.type=USER_LOGGER "${main}" >/dev/null 2>&1; then
    echo "[ OK ] The ${process} service @ $(hostname) is in a healthy state."
    return 0
  fi
  echo "[ FAILED ] The ${process} service @ $(hostname) is not serving requests." >&2
  echo "Look at ${ALLUXIO_LOGS_DIR}/${process}.log and ${ALLUXIO_LOGS_DIR}/${process}.out." >&2
  return 1
}

run_masters() { "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-monitor.sh" "$1"; }
run_workers() { "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-monitor.sh" "$1"; }

ACTION="${1:-}"
case "${ACTION}" in
  master | job_master | worker | job_worker | proxy | secondary_master)
    monitor "${ACTION}"
    exit $?
    ;;
  local)
    # As in the release, the status is the last check's (the proxy's); the
    # others only print [ OK ] or [ FAILED ].
    for p in master job_master worker job_worker; do
      monitor "${p}"
    done
    monitor proxy
    exit $?
    ;;
  masters) run_masters master ;;
  job_masters) run_masters job_master ;;
  workers) run_workers worker ;;
  job_workers) run_workers job_worker ;;
  proxies) run_masters proxy; run_workers proxy ;;
  all)
    run_masters master
    run_masters job_master
    run_workers worker
    run_workers job_worker
    run_masters proxy
    run_workers proxy
    ;;
  -h) echo -e "${USAGE}"; exit 0 ;;
  *) echo -e "${USAGE}" >&2; exit 1 ;;
esac
wait
