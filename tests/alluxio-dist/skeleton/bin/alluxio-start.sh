#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's bin/alluxio-start.sh, written for
# the datalake.alluxio collection (tests/alluxio-dist). It keeps the release's
# documented behaviour: no pid files; unless -N it first runs alluxio-stop.sh
# for the same target (so re-starting a leader master fails over); processes
# run as `nohup launch-process <p> > logs/<p>.out 2>&1 &`; NoMount on a worker
# whose MEM tier is not a tmpfs/ramfs exits 1; without -a it runs
# alluxio-monitor.sh and returns its status.
set -uo pipefail

BIN=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
# shellcheck source=SCRIPTDIR/../libexec/alluxio-config.sh
. "${BIN}/../libexec/alluxio-config.sh"

USAGE="Usage: alluxio-start.sh [-hNwm] [-i backup] ACTION [MOPT] [-f] [-c cache]
Where ACTION is one of:
  all [MOPT] [-c cache]     \tStart all masters, proxies, and workers.
  job_master                \tStart the job_master on this node.
  job_masters               \tStart job_masters on master nodes.
  job_worker                \tStart a job_worker on this node.
  job_workers               \tStart job_workers on worker nodes.
  local [MOPT] [-c cache]   \tStart all processes locally.
  master                    \tStart the local master on this node.
  secondary_master          \tStart the local secondary master on this node.
  masters                   \tStart masters on master nodes.
  proxy                     \tStart the proxy on this node.
  proxies                   \tStart proxies on master and worker nodes.
  restart_worker            \tRestart a failed worker on this node.
  restart_workers           \tRestart any failed workers on worker nodes.
  worker [MOPT] [-c cache]  \tStart a worker on this node.
  workers [MOPT] [-c cache] \tStart workers on worker nodes.

MOPT (Mount Option) is one of:
  Mount    \tMount the configured RamFS if it is not already mounted.
  SudoMount\tMount the configured RamFS using sudo if it is not already mounted.
  NoMount  \tDo not mount the configured RamFS (default).
           \tNotice: to avoid sudo requirement but using tmpFS in Linux,
           \t  set ALLUXIO_RAM_FOLDER=/dev/shm on each worker and use NoMount.
  -f is equivalent to SudoMount and also formats the masters (all, local, master).

-a  asynchronously start all processes. The script may exit before all
    processes have been started.
-c  (not implemented in this test stand-in) restore a ramdisk cache.
-f  format Journal, UnderFS Data etc. for master
-h  display this help.
-i  a journal backup to use for restoring the master. This option is only
    supported when a single master is started.
-N  do not try to kill previous running processes before starting new ones.
-w  wait for processes to end before returning."

async=false
journal_backup=""
killonstart=true
wait_for_processes=false
while getopts "ahNwi:" o; do
  case "${o}" in
    a) async=true ;;
    h) echo -e "${USAGE}"; exit 0 ;;
    i)
      journal_backup="${OPTARG}"
      ALLUXIO_MASTER_JAVA_OPTS+=" -Dalluxio.master.journal.init.from.backup=${OPTARG}"
      ;;
    N) killonstart=false ;;
    w) wait_for_processes=true ;;
    *) echo -e "${USAGE}" >&2; exit 1 ;;
  esac
done
shift $((OPTIND - 1))

ACTION="${1:-}"
if [[ -z "${ACTION}" ]]; then
  echo "Error: no ACTION specified" >&2
  echo -e "${USAGE}" >&2
  exit 1
fi
shift

MOPT=""
FORMAT=false
if [[ $# -gt 0 && "$1" != -* ]]; then
  MOPT="$1"
  shift
fi
while [[ $# -gt 0 ]]; do
  case "$1" in
    -f)
      FORMAT=true
      MOPT="${MOPT:-SudoMount}"
      ;;
    -c)
      echo "Error: -c (restore a ramdisk cache) is not implemented in this test stand-in." >&2
      exit 2
      ;;
    *)
      echo "Error: Invalid argument '$1'" >&2
      echo -e "${USAGE}" >&2
      exit 1
      ;;
  esac
  shift
done
MOPT="${MOPT:-NoMount}"
case "${MOPT}" in
  Mount | SudoMount | NoMount) ;;
  *)
    echo "Error: Invalid mount mode '${MOPT}': use Mount, SudoMount or NoMount." >&2
    echo -e "${USAGE}" >&2
    exit 1
    ;;
esac

# Configuration as the worker would see it (its -D options included).
worker_conf() {
  # shellcheck disable=SC2086
  "${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${ALLUXIO_WORKER_JAVA_OPTS} \
    -Dalluxio.logger.type=USER_LOGGER alluxio.cli.GetConf "$@" 2>/dev/null
}

master_conf() {
  # shellcheck disable=SC2086
  "${JAVA}" -cp "${ALLUXIO_CLIENT_CLASSPATH}" ${ALLUXIO_CLI_JVM_OPTS} ${ALLUXIO_MASTER_JAVA_OPTS} \
    -Dalluxio.logger.type=USER_LOGGER alluxio.cli.GetConf "$@" 2>/dev/null
}

# NoMount: every level-0 MEM path must already be a tmpfs or ramfs.
# Mount/SudoMount: alluxio-mount.sh mounts a ramfs there.
ram_folder_mounted() {
  local fs
  while IFS= read -r fs; do
    if [[ "$1" == "${fs}" || "$1" == "${fs%/}/"* ]]; then
      return 0
    fi
  done < <(awk '$3 == "tmpfs" || $3 == "ramfs" {print $2}' /proc/mounts)
  return 1
}

check_mount_mode() {
  local alias paths mediums path
  case "$1" in
    Mount | SudoMount)
      if ! "${BIN}/alluxio-mount.sh" "$1" local; then
        echo "Error: mounting the ramdisk failed (mode $1)." >&2
        exit 1
      fi
      ;;
    NoMount)
      alias=$(worker_conf alluxio.worker.tieredstore.level0.alias)
      [[ "${alias}" == "MEM" ]] || return 0
      paths=$(worker_conf alluxio.worker.tieredstore.level0.dirs.path)
      mediums=$(worker_conf alluxio.worker.tieredstore.level0.dirs.mediumtype)
      local -a path_list medium_list
      IFS=',' read -ra path_list <<<"${paths}"
      IFS=',' read -ra medium_list <<<"${mediums}"
      local i
      for i in "${!path_list[@]}"; do
        # As the release: only the paths whose medium type is MEM, and a path
        # counts as mounted when it is a tmpfs/ramfs mount point or below one.
        [[ "${medium_list[$i]:-}" == "MEM" ]] || continue
        path="${path_list[$i]}"
        if ! ram_folder_mounted "${path}"; then
          echo "ERROR: Ramdisk ${path} is not mounted with mount option NoMount. Use alluxio-mount.sh to mount ramdisk." >&2
          echo -e "${USAGE}" >&2
          exit 1
        fi
        if [[ "${path}" =~ ^/dev/shm/?$ ]]; then
          echo "WARNING: Using tmpFS does not guarantee data to be stored in memory."
          echo "WARNING: Check vmstat for memory statistics (e.g. swapping)."
        fi
      done
      ;;
  esac
}

launch() {
  local process="$1"
  mkdir -p "${ALLUXIO_LOGS_DIR}"
  # Run over `ssh -tt`, this script ends before the child has exec'd nohup, and
  # the pty's SIGHUP could kill the child first; ignoring it here closes that race.
  trap '' HUP
  nohup "${BIN}/launch-process" "${process}" >"${ALLUXIO_LOGS_DIR}/${process}.out" 2>&1 &
}

stop() {
  if [[ "${killonstart}" == true ]]; then
    "${BIN}/alluxio-stop.sh" "$1"
    sleep 1
  fi
}

start_master() {
  if [[ "${FORMAT}" == true ]]; then
    # As in the release: -f formats the whole cluster (workers and masters).
    if ! "${BIN}/alluxio" format; then
      echo "Error: formatting before starting the master failed." >&2
      exit 1
    fi
  fi
  if [[ "${ALLUXIO_MASTER_SECONDARY:-false}" == "true" ]]; then
    echo "Starting secondary master @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
    launch secondary_master
    return
  fi
  # An embedded journal that was never formatted is formatted locally (2.4+).
  if [[ "$(master_conf alluxio.master.journal.type)" == "EMBEDDED" ]]; then
    local folder
    folder=$(master_conf alluxio.master.journal.folder)
    if [[ -n "${folder}" && ! -e "${folder}" ]]; then
      echo "Journal folder ${folder} does not exist; formatting the local journal."
      "${BIN}/alluxio" formatJournal || exit 1
    fi
  fi
  echo "Starting master @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch master
}

start_secondary_master() {
  echo "Starting secondary master @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch secondary_master
}

start_job_master() {
  echo "Starting job master @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch job_master
}

start_worker() {
  check_mount_mode "${MOPT}"
  echo "Starting worker @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch worker
}

start_job_worker() {
  echo "Starting job worker @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch job_worker
}

start_proxy() {
  echo "Starting proxy @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch proxy
}

restart_worker() {
  if ps -A -ww -o comm=,args= | awk '$1 == "java"' | grep -q "alluxio.worker.AlluxioWorker\b"; then
    return 0
  fi
  echo "Restarting worker @ $(hostname -f 2>/dev/null || hostname). Logging to ${ALLUXIO_LOGS_DIR}"
  launch worker
}

# Remote starts are asynchronous (-a) on each host; the monitor runs at the end.
# As in the release, the remote start gets -a (and -i for masters) but never
# -N: each remote alluxio-start.sh stops its own running process first.
remote_flags() {
  echo "-a"
}

start_masters() {
  local format_flag=""
  [[ "${1:-}" == "-f" ]] && format_flag="-f"
  local -a backup_flag=()
  [[ -n "${journal_backup}" ]] && backup_flag=(-i "${journal_backup}")
  "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-start.sh" "${backup_flag[@]}" "$(remote_flags)" master ${format_flag}
}

start_job_masters() {
  "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-start.sh" "$(remote_flags)" job_master
}

start_workers() {
  "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-start.sh" "$(remote_flags)" worker "${MOPT}"
}

start_job_workers() {
  "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-start.sh" "$(remote_flags)" job_worker
}

start_proxies() {
  "${BIN}/alluxio-masters.sh" "${BIN}/alluxio-start.sh" "$(remote_flags)" proxy
  "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-start.sh" "$(remote_flags)" proxy
}

# `local` needs a master it can reach as localhost when the configured name is
# not this host; the release appends the property to the site file.
ensure_local_master_hostname() {
  local configured site="${ALLUXIO_CONF_DIR}/alluxio-site.properties"
  configured=$(master_conf alluxio.master.hostname)
  case "${configured}" in
    "" | localhost | 127.0.0.1 | "$(hostname)" | "$(hostname -f 2>/dev/null)") ;;
    *)
      echo "alluxio.master.hostname is '${configured}', not this host; appending alluxio.master.hostname=localhost to ${site}."
      printf '\nalluxio.master.hostname=localhost\n' >>"${site}"
      ;;
  esac
  if [[ -z "${configured}" ]]; then
    printf 'alluxio.master.hostname=localhost\n' >>"${site}"
  fi
}

case "${ACTION}" in
  all)
    stop all
    if [[ "${FORMAT}" == true ]]; then start_masters -f; else start_masters; fi
    sleep 2
    start_job_masters
    sleep 2
    start_workers
    start_job_workers
    start_proxies
    ;;
  local)
    stop local
    ensure_local_master_hostname
    if [[ "${FORMAT}" == true ]]; then
      FORMAT=false
      "${BIN}/alluxio" formatJournal
      "${BIN}/alluxio" formatWorker
    fi
    start_master
    # The release starts a secondary master beside a UFS journal.
    if [[ "$(master_conf alluxio.master.journal.type | tr '[:lower:]' '[:upper:]')" == "UFS" ]]; then
      start_secondary_master
    fi
    sleep 2
    start_job_master
    start_worker
    start_job_worker
    start_proxy
    ;;
  master)
    stop master
    start_master
    ;;
  secondary_master)
    stop secondary_master
    start_secondary_master
    ;;
  masters)
    stop masters
    start_masters
    ;;
  job_master)
    stop job_master
    start_job_master
    ;;
  job_masters)
    stop job_masters
    start_job_masters
    ;;
  worker)
    stop worker
    start_worker
    ;;
  workers)
    stop workers
    start_workers
    ;;
  job_worker)
    stop job_worker
    start_job_worker
    ;;
  job_workers)
    stop job_workers
    start_job_workers
    ;;
  proxy)
    stop proxy
    start_proxy
    ;;
  proxies)
    stop proxies
    start_proxies
    ;;
  restart_worker)
    restart_worker
    ;;
  restart_workers)
    "${BIN}/alluxio-workers.sh" "${BIN}/alluxio-start.sh" restart_worker
    ;;
  *)
    echo "Error: Invalid ACTION '${ACTION}'" >&2
    echo -e "${USAGE}" >&2
    exit 1
    ;;
esac

if [[ "${wait_for_processes}" == true ]]; then
  wait
fi

if [[ "${async}" == true ]]; then
  exit 0
fi
case "${ACTION}" in
  # No monitor exists for a secondary master; the release skips it too.
  restart_worker | restart_workers | secondary_master) exit 0 ;;
esac
sleep 2
exec "${BIN}/alluxio-monitor.sh" "${ACTION}"
