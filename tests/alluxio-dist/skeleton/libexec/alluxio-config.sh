#!/usr/bin/env bash
# Test stand-in for the Alluxio 2.9 release's libexec/alluxio-config.sh,
# written for the datalake.alluxio collection (tests/alluxio-dist). It keeps the
# release's documented contract (variable names, Java check, -D mappings), not
# its code. Sourced by every script in bin/.

# Resolve the installation from this file's location, following symlinks.
this="${BASH_SOURCE[0]}"
while [[ -h "${this}" ]]; do
  link=$(readlink "${this}")
  if [[ "${link}" == /* ]]; then this="${link}"; else this="$(dirname "${this}")/${link}"; fi
done
ALLUXIO_LIBEXEC_DIR=$(cd "$(dirname "${this}")" && pwd)
ALLUXIO_HOME=$(cd "${ALLUXIO_LIBEXEC_DIR}/.." && pwd)
export ALLUXIO_HOME ALLUXIO_LIBEXEC_DIR

# Used by alluxio-masters.sh and alluxio-workers.sh: waits for the per-host
# tasks (pids given) and, as the release does, prints a summary line and
# leaves the exit status 0 whatever the hosts returned.
wait_for_host_tasks() {
  local pid has_error=0
  echo "Waiting for tasks to finish..."
  for pid in "$@"; do
    wait "${pid}" || has_error=1
  done
  if [[ ${has_error} -eq 0 ]]; then
    echo "All tasks finished"
  else
    echo "There are task failures, look at ${LOG} for details." >&2
  fi
}

# Scripts call each other; the variables below are exported, so a nested
# script must not append the same options a second time.
if [[ "${ALLUXIO_CONFIG_SOURCED:-}" == "${ALLUXIO_HOME}" ]]; then
  return 0
fi

ALLUXIO_VERSION="@ALLUXIO_VERSION@"
export ALLUXIO_VERSION

ALLUXIO_CONF_DIR="${ALLUXIO_CONF_DIR:-${ALLUXIO_HOME}/conf}"
ALLUXIO_LOGS_DIR="${ALLUXIO_LOGS_DIR:-${ALLUXIO_HOME}/logs}"
ALLUXIO_USER_LOGS_DIR="${ALLUXIO_USER_LOGS_DIR:-${ALLUXIO_LOGS_DIR}/user}"
export ALLUXIO_CONF_DIR ALLUXIO_LOGS_DIR ALLUXIO_USER_LOGS_DIR

if [[ -r "${ALLUXIO_CONF_DIR}/alluxio-env.sh" ]]; then
  # shellcheck disable=SC1091
  . "${ALLUXIO_CONF_DIR}/alluxio-env.sh"
fi

# Java: $JAVA, then $JAVA_HOME/bin/java, then the first java on PATH.
if [[ -z "${JAVA:-}" ]]; then
  if [[ -n "${JAVA_HOME:-}" ]]; then
    JAVA="${JAVA_HOME}/bin/java"
  else
    JAVA=$(command -v java || true)
  fi
fi
if [[ -z "${JAVA}" || ! -x "${JAVA}" ]]; then
  echo "Cannot find the 'java' command: set JAVA or JAVA_HOME in the environment or in ${ALLUXIO_CONF_DIR}/alluxio-env.sh." >&2
  exit 1
fi
export JAVA

# 2.4 to 2.9 run on Java 8 or Java 11 only; anything else (17 included) is refused.
java_version=$("${JAVA}" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
case "${java_version}" in
  1.8|1.8.*|11|11.*) ;;
  *)
    echo "Error: Alluxio requires Java 8 or Java 11, but ${JAVA} is version '${java_version:-unknown}'." >&2
    exit 1
    ;;
esac

# Classpaths, with the jar paths the release builder writes into the release's
# copy of this file: assembly/alluxio-{server,client}-<ver>.jar. In the
# stand-in those are manifest-only jars whose Class-Path names the unshaded
# Maven Central jars. UFS connectors stay in lib/ where the server scans.
ALLUXIO_ASSEMBLY_SERVER_JAR="${ALLUXIO_HOME}/assembly/alluxio-server-${ALLUXIO_VERSION}.jar"
ALLUXIO_ASSEMBLY_CLIENT_JAR="${ALLUXIO_HOME}/assembly/alluxio-client-${ALLUXIO_VERSION}.jar"
ALLUXIO_SERVER_CLASSPATH="${ALLUXIO_CONF_DIR}/:${ALLUXIO_CLASSPATH:-}:${ALLUXIO_ASSEMBLY_SERVER_JAR}"
ALLUXIO_CLIENT_CLASSPATH="${ALLUXIO_CONF_DIR}/:${ALLUXIO_CLASSPATH:-}:${ALLUXIO_ASSEMBLY_CLIENT_JAR}:${ALLUXIO_HOME}/lib/alluxio-integration-tools-validation-${ALLUXIO_VERSION}.jar"
export ALLUXIO_ASSEMBLY_SERVER_JAR ALLUXIO_ASSEMBLY_CLIENT_JAR ALLUXIO_SERVER_CLASSPATH ALLUXIO_CLIENT_CLASSPATH

ALLUXIO_JAVA_OPTS="${ALLUXIO_JAVA_OPTS:-}"
ALLUXIO_JAVA_OPTS+=" -Dalluxio.home=${ALLUXIO_HOME}"
ALLUXIO_JAVA_OPTS+=" -Dalluxio.conf.dir=${ALLUXIO_CONF_DIR}"
ALLUXIO_JAVA_OPTS+=" -Dalluxio.logs.dir=${ALLUXIO_LOGS_DIR}"
ALLUXIO_JAVA_OPTS+=" -Dalluxio.user.logs.dir=${ALLUXIO_USER_LOGS_DIR}"
ALLUXIO_JAVA_OPTS+=" -Dlog4j.configuration=file:${ALLUXIO_CONF_DIR}/log4j.properties"
# Defaults for the appender names in log4j.properties; launch-process and the
# commands in bin/alluxio append their own -D, and the last -D wins.
ALLUXIO_JAVA_OPTS+=" -Dalluxio.logger.type=Console"
ALLUXIO_JAVA_OPTS+=" -Dalluxio.master.audit.logger.type=NULL_LOGGER"
ALLUXIO_JAVA_OPTS+=" -Dorg.apache.jasper.compiler.disablejsr199=true"
ALLUXIO_JAVA_OPTS+=" -Djava.net.preferIPv4Stack=true"
ALLUXIO_JAVA_OPTS+=" -Dorg.apache.ratis.thirdparty.io.netty.allocator.useCacheForAllThreads=false"

if [[ -n "${ALLUXIO_MASTER_HOSTNAME:-}" ]]; then
  ALLUXIO_JAVA_OPTS+=" -Dalluxio.master.hostname=${ALLUXIO_MASTER_HOSTNAME}"
fi
if [[ -n "${ALLUXIO_UNDERFS_ADDRESS:-}" && -z "${ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS:-}" ]]; then
  echo "Warning: ALLUXIO_UNDERFS_ADDRESS is deprecated, use ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS." >&2
  ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS="${ALLUXIO_UNDERFS_ADDRESS}"
fi
if [[ -n "${ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS:-}" ]]; then
  ALLUXIO_JAVA_OPTS+=" -Dalluxio.master.mount.table.root.ufs=${ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS}"
fi
if [[ -n "${ALLUXIO_WORKER_MEMORY_SIZE:-}" && -z "${ALLUXIO_WORKER_RAMDISK_SIZE:-}" ]]; then
  ALLUXIO_WORKER_RAMDISK_SIZE="${ALLUXIO_WORKER_MEMORY_SIZE}"
fi
if [[ -n "${ALLUXIO_WORKER_RAMDISK_SIZE:-}" ]]; then
  ALLUXIO_JAVA_OPTS+=" -Dalluxio.worker.ramdisk.size=${ALLUXIO_WORKER_RAMDISK_SIZE}"
fi
if [[ -n "${ALLUXIO_RAM_FOLDER:-}" ]]; then
  ALLUXIO_JAVA_OPTS+=" -Dalluxio.worker.tieredstore.level0.alias=MEM"
  ALLUXIO_JAVA_OPTS+=" -Dalluxio.worker.tieredstore.level0.dirs.path=${ALLUXIO_RAM_FOLDER}"
fi

# Stand-in addition: short-lived command-line JVMs (fs, getConf, format, the
# monitors and the lookups in the start scripts) start with C1 only and the
# serial GC, which halves their CPU time on small test hosts. Set it empty to
# run them exactly like the servers.
ALLUXIO_CLI_JVM_OPTS="${ALLUXIO_CLI_JVM_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
export ALLUXIO_CLI_JVM_OPTS

# Per-role options: common options first, so a role's own -D wins.
ALLUXIO_MASTER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_MASTER_JAVA_OPTS:-}"
ALLUXIO_SECONDARY_MASTER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_SECONDARY_MASTER_JAVA_OPTS:-}"
ALLUXIO_WORKER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_WORKER_JAVA_OPTS:-}"
ALLUXIO_JOB_MASTER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_JOB_MASTER_JAVA_OPTS:-}"
ALLUXIO_JOB_WORKER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_JOB_WORKER_JAVA_OPTS:-}"
ALLUXIO_PROXY_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_PROXY_JAVA_OPTS:-}"
ALLUXIO_USER_JAVA_OPTS="${ALLUXIO_JAVA_OPTS} ${ALLUXIO_USER_JAVA_OPTS:-}"
export ALLUXIO_JAVA_OPTS ALLUXIO_MASTER_JAVA_OPTS ALLUXIO_SECONDARY_MASTER_JAVA_OPTS \
  ALLUXIO_WORKER_JAVA_OPTS ALLUXIO_JOB_MASTER_JAVA_OPTS ALLUXIO_JOB_WORKER_JAVA_OPTS \
  ALLUXIO_PROXY_JAVA_OPTS ALLUXIO_USER_JAVA_OPTS
ALLUXIO_CONFIG_SOURCED="${ALLUXIO_HOME}"
export ALLUXIO_CONFIG_SOURCED

