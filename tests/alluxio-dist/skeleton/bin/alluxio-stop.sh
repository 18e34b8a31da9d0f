#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-stop.sh, written for
# the datalake.alluxio collection (tests/alluxio-dist). Same contract: every
# target ends in `alluxio killAll <main class>` (locally, or on each host of
# conf/masters / conf/workers over ssh); there are no pid files, and the exit
# status is 0 whatever happened.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

USAGE="Usage: alluxio-stop.sh [-h] [component] [-s]
Where component is one of:
  all               \tStop all masters, proxies, and workers.
  job_master        \tStop local job master.
  job_masters       \tStop job masters on master nodes.
  job_worker        \tStop local job worker.
  job_workers       \tStop job workers on worker nodes.
  local             \tStop all processes locally.
  master            \tStop local primary master.
  secondary_master  \tStop local secondary master.
  masters           \tStop masters on master nodes.
  proxy             \tStop local proxy.
  proxies           \tStop proxies on master and worker nodes.
  worker            \tStop local worker.
  workers           \tStop workers on worker nodes.

-s  processes are not killed with SIGKILL if they ignore SIGTERM
-h  display this help."

soft=""

kill_local() {
  "${BIN}/alluxio" killAll ${soft} "$1"
}

stop_master() { kill_local alluxio.master.AlluxioMaster; }
stop_secondary_master() { kill_local alluxio.master.AlluxioSecondaryMaster; }
stop_job_master() { kill_local alluxio.master.AlluxioJobMaster; }
stop_worker() { kill_local alluxio.worker.AlluxioWorker; }
stop_job_worker() { kill_local alluxio.worker.AlluxioJobWorker; }
stop_proxy() { kill_local alluxio.proxy.AlluxioProxy; }

stop_masters() { "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-stop.sh" master ${soft}; }
stop_job_masters() { "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-stop.sh" job_master ${soft}; }
stop_workers() { "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-stop.sh" worker ${soft}; }
stop_job_workers() { "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-stop.sh" job_worker ${soft}; }
stop_proxies() {
  "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-stop.sh" proxy ${soft}
  "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-stop.sh" proxy ${soft}
}

if [[ "${1:-}" == "-h" ]]; then
  echo -e "${USAGE}"
  exit 0
fi
# No component prints the usage and exits 0, as in the release.
WHAT="${1:--h}"
if [[ $# -gt 0 ]]; then shift; fi
while [[ $# -gt 0 ]]; do
  case "$1" in
    -s) soft="-s" ;;
    -c) echo "alluxio-stop.sh: -c (save the ramdisk cache) is not implemented in this test stand-in; ignored." >&2; shift ;;
    *) echo "Error: Invalid option '$1'" >&2; echo -e "${USAGE}" >&2; exit 1 ;;
  esac
  shift
done

case "${WHAT}" in
  all)
    stop_proxies
    stop_job_workers
    stop_workers
    stop_job_masters
    stop_masters
    ;;
  local)
    stop_proxy
    stop_job_worker
    stop_job_master
    stop_worker
    stop_secondary_master
    stop_master
    ;;
  master) stop_master ;;
  secondary_master) stop_secondary_master ;;
  masters) stop_masters ;;
  job_master) stop_job_master ;;
  job_masters) stop_job_masters ;;
  job_worker) stop_job_worker ;;
  job_workers) stop_job_workers ;;
  worker) stop_worker ;;
  workers) stop_workers ;;
  proxy) stop_proxy ;;
  proxies) stop_proxies ;;
  -h | --help)
    echo -e "${USAGE}"
    exit 0
    ;;
  *)
    echo "Error: Invalid component: '${WHAT}'" >&2
    echo -e "${USAGE}" >&2
    exit 1
    ;;
esac
exit 0
