#!/usr/bin/env bash
# Entry point of the datalake.alluxio Docker image (role alluxio_docker).
# Runs ONE Alluxio process in the foreground, as PID 1's only child:
#   master | worker | job_master | job_worker | proxy   the Alluxio process
#   format         format the master journal, only when it is not formatted
#                  (same guard as the alluxio_format module); FORCE=1 forces
#   client         keep running, for `docker exec` shell commands
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

process="${1:-}"
case "${process}" in
  master|worker|job_master|job_worker|proxy)
    exec "${ALLUXIO_HOME}/bin/launch-process" "${process}" -c
    ;;
  format)
    exec /usr/bin/python3 /opt/alluxio-docker/format-guard.py
    ;;
  client)
    exec sleep infinity
    ;;
  fuse)
    echo "alluxio-docker: fuse is not supported by this image (no alluxio-fuse in the distribution)" >&2
    exit 64
    ;;
  "")
    echo "usage: entrypoint.sh master|worker|job_master|job_worker|proxy|format|client|<command>" >&2
    exit 64
    ;;
  *)
    exec "$@"
    ;;
esac
