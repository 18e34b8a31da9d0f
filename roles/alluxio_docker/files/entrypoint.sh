#!/usr/bin/env bash
# Entry point of the datalake.alluxio Docker image (role alluxio_docker).
# Runs ONE Alluxio process in the foreground, as PID 1's only child:
#   master | worker | job_master | job_worker | proxy   the Alluxio process
#   format         format the master journal, only when it is not formatted
#                  (same guard as the alluxio_format module); FORCE=1 forces
#   client         keep running, for `docker exec` shell commands
#   fuse <mount point> <alluxio path> <options>
#                  mount the cluster's namespace with the distribution's
#                  integration/fuse/bin/alluxio-fuse in the foreground, as root
#                  (image <name>-fuse); SIGTERM unmounts
#   <anything else> is run as a command (bin/alluxio fs ls /, bash, ...)
# It NEVER formats on start: a `docker restart` keeps the journal.
# The configuration is /etc/alluxio/alluxio-site.properties and
# /etc/alluxio/alluxio-env.sh, bind-mounted from the Docker host, rendered by
# the role alluxio_config.
set -euo pipefail

ALLUXIO_HOME=/opt/alluxio
export ALLUXIO_HOME

# No JVM DNS cache: a restarted container comes back with a new address on a
# bridge network, and peers must resolve its name again.
ALLUXIO_JAVA_OPTS="${ALLUXIO_JAVA_OPTS:-} -Djava.security.properties=/opt/alluxio-docker/java.security"

# A container limited to fewer CPUs than the machine has: the JVM would size
# its thread pools for every core of the machine (before JDK 11.0.x fixes,
# and never for cgroup v2 on JDK 11.0.13), so pass the limit explicitly.
cpu_limit() {
  local quota period
  if [[ -r /sys/fs/cgroup/cpu.max ]]; then
    read -r quota period < /sys/fs/cgroup/cpu.max
  elif [[ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
    quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)
    period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  else
    return 0
  fi
  if [[ "${quota}" == "max" || "${quota}" -le 0 ]]; then
    return 0
  fi
  echo $(( (quota + period - 1) / period ))
}
cpus=$(cpu_limit || true)
if [[ -n "${cpus}" ]]; then
  ALLUXIO_JAVA_OPTS+=" -XX:ActiveProcessorCount=${cpus}"
fi
export ALLUXIO_JAVA_OPTS

# Is $1 a FUSE mount point (ours, or a dead one left by a killed process)?
fuse_mounted() {
  awk -v m="$1" '$5 == m { for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i + 1) ~ /^fuse/) found = 1; break } }
                 END { exit !found }' /proc/self/mountinfo
}

# The JVM runs as a child, not exec'd, so that a SIGTERM (docker stop) can end
# it AND unmount: with the mount point on a shared host directory, a mount left
# behind would stay on the host as "Transport endpoint is not connected".
run_fuse() {
  local mount_point="$1" alluxio_path="$2" options="$3"
  local launcher="${ALLUXIO_HOME}/integration/fuse/bin/alluxio-fuse" pid rc=0 stopping=0
  if [[ ! -x "${launcher}" ]]; then
    echo "alluxio-docker: ${launcher} is missing: this Alluxio distribution has no FUSE launcher" >&2
    exit 64
  fi
  if [[ "$(id -u)" != 0 || ! -c /dev/fuse ]]; then
    echo "alluxio-docker: fuse needs root, /dev/fuse and CAP_SYS_ADMIN (the role's fuse containers have them)" >&2
    exit 64
  fi
  mkdir -p "${mount_point}"
  if fuse_mounted "${mount_point}"; then
    umount -l "${mount_point}"
  fi
  "${launcher}" mount -n ${options:+-o "${options}"} "${mount_point}" "${alluxio_path}" &
  pid=$!
  trap 'stopping=1; kill -TERM "${pid}" 2>/dev/null || true' TERM INT
  while kill -0 "${pid}" 2>/dev/null; do
    wait "${pid}" || rc=$?
  done
  if fuse_mounted "${mount_point}"; then
    umount -l "${mount_point}" || true
  fi
  if (( stopping )); then
    echo "alluxio-docker: unmounted ${mount_point}"
    exit 0
  fi
  exit "${rc}"
}

process="${1:-}"
case "${process}" in
  master|worker|job_master|job_worker|proxy)
    exec "${ALLUXIO_HOME}/bin/launch-process" "${process}" -c
    ;;
  format)
    exec /usr/bin/python3 /opt/alluxio-docker/format-guard.py
    ;;
  client)
    # As PID 1, sleep would ignore SIGTERM: docker stop would wait its
    # timeout and then kill (exit 137). End at once, with 0.
    trap 'exit 0' TERM INT
    sleep infinity &
    wait "$!"
    ;;
  fuse)
    run_fuse "${2:-/mnt/alluxio-fuse}" "${3:-/}" "${4:-}"
    ;;
  "")
    echo "usage: entrypoint.sh master|worker|job_master|job_worker|proxy|fuse|format|client|<command>" >&2
    exit 64
    ;;
  *)
    exec "$@"
    ;;
esac
