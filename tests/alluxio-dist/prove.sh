#!/usr/bin/env bash
# Proves the test distribution (build.sh); the layout on the host, the rest in
# lab containers with real JVMs:
#   (0) the HDFS under-storage as the release lays it out: the jar
#       lib/alluxio-underfs-hdfs-<hadoop>-<version>.jar, every entry of its
#       Class-Path in the distribution, the module's UnderFileSystemFactory
#       service, and no logging or Guava jars of its own (the server's serve);
#   (a) one container: format, master + worker (MEM tier on /dev/shm), fs
#       mkdir/ls/masterInfo, REST /api/v1/master/info, alluxio-stop.sh all,
#       then alluxio-start.sh all over ssh (5 JVMs, monitors) and stop all;
#   (b) two masters with ZooKeeper and a UFS journal on a shared directory
#       (bind-mounted into both, standing in for NFS): leader znode, kill -9 of
#       the leader JVM, seconds until the standby leads, data survives.
# Re-runnable and self-cleaning (containers/network/dirs named dist-proof-*);
# exits non-zero on the first failed check. KEEP=1 leaves everything running.
#
#   bash tests/alluxio-dist/prove.sh            # every part
#   bash tests/alluxio-dist/prove.sh layout     # only (0)
#   bash tests/alluxio-dist/prove.sh single     # only (a)
#   bash tests/alluxio-dist/prove.sh ha         # only (b)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "${here}/../.." && pwd)
parts="${1:-all}"
prefix=dist-proof
net="${prefix}-net"
shared="/tmp/${prefix}-shared"
zk_dir="/tmp/${prefix}-zk"
zk_port="${DIST_PROOF_ZK_PORT:-22181}"
# Needs kazoo (in the project venv) and Debian's zookeeper package on the host.
python="${DIST_PROOF_PYTHON:-${repo}/.venv/bin/python}"
master_heap="-Xmx384m"
worker_heap="-Xmx256m -XX:MaxDirectMemorySize=256m"
small_heap="-Xmx160m"
results="${here}/build/proof-results.txt"
zk_pid=""

say() { echo "[prove $(date +%T)] $*" >&2; }
fail() {
  say "FAILED: $*"
  exit 1
}

cleanup() {
  if [[ "${KEEP:-0}" == 1 ]]; then
    say "KEEP=1: leaving containers, network and ZooKeeper (pid ${zk_pid:-none}) running"
    return
  fi
  docker rm -f "${prefix}-single" "${prefix}-m1" "${prefix}-m2" >/dev/null 2>&1 || true
  docker network rm "${net}" >/dev/null 2>&1 || true
  if [[ -n "${zk_pid}" ]]; then
    kill "${zk_pid}" 2>/dev/null || true
    wait "${zk_pid}" 2>/dev/null || true
  fi
  rm -rf "${shared}" "${zk_dir}"
}
trap cleanup EXIT

# Waits until a command succeeds; prints the seconds it took.
wait_for() {
  local what="$1" timeout="$2"
  shift 2
  local t0=${SECONDS}
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS - t0 > timeout)); then
      fail "${what} did not happen within ${timeout}s"
    fi
    sleep 1
  done
  echo $((SECONDS - t0))
}

in_c() {
  local c="$1"
  shift
  docker exec -i "${c}" bash -c "$*"
}

record() {
  echo "$*" | tee -a "${results}" >&2
}

# --- build and image ---------------------------------------------------------
bash "${here}/build.sh"
# shellcheck source=/dev/null
. "${here}/build/manifest.env"
image="${LAB_IMAGE:-$(bash "${repo}/tests/lab/build-image.sh")}"
home="/opt/${ALLUXIO_DIST_TOPDIR}"
cleanup
mkdir -p "$(dirname "${results}")"
: >"${results}"
record "distribution: $(basename "${ALLUXIO_DIST_TARBALL}") $(du -h "${ALLUXIO_DIST_TARBALL}" | cut -f1), JDK $(basename "${ALLUXIO_JDK_ARCHIVE}") $(du -h "${ALLUXIO_JDK_ARCHIVE}" | cut -f1)"
record "heaps: master ${master_heap}, worker ${worker_heap}, job master/job worker/proxy ${small_heap}"

docker network create "${net}" >/dev/null

# Starts a systemd lab container and installs the JDK and Alluxio under /opt.
start_container() {
  local name="$1"
  shift
  docker run -d --name "${name}" --hostname "${name}" --network "${net}" \
    --cap-add SYS_ADMIN --security-opt seccomp=unconfined --cgroupns host \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run --tmpfs /run/lock \
    --shm-size 256m "$@" "${image}" /lib/systemd/systemd >/dev/null
  # After boot: systemd mounts a fresh /tmp, and alluxio-*.sh need sshd.
  wait_for "sshd in ${name}" 90 docker exec "${name}" systemctl is-active -q ssh >/dev/null
  docker cp "${ALLUXIO_JDK_ARCHIVE}" "${name}:/opt/jdk.tar.gz"
  docker cp "${ALLUXIO_DIST_TARBALL}" "${name}:/opt/alluxio.tar.gz"
  in_c "${name}" "cd /opt && tar -xzf jdk.tar.gz && tar -xzf alluxio.tar.gz && rm jdk.tar.gz alluxio.tar.gz"
  # alluxio-*.sh reach every host, localhost included, over ssh as root.
  in_c "${name}" "install -d -m 700 /root/.ssh && ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519 \
    && cat /root/.ssh/id_ed25519.pub >>/root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys"
  in_c "${name}" "cat >${home}/conf/alluxio-env.sh" <<ENV
JAVA_HOME=/opt/${ALLUXIO_JDK_TOPDIR}
ALLUXIO_MASTER_JAVA_OPTS="${master_heap}"
ALLUXIO_WORKER_JAVA_OPTS="${worker_heap}"
ALLUXIO_JOB_MASTER_JAVA_OPTS="${small_heap}"
ALLUXIO_JOB_WORKER_JAVA_OPTS="${small_heap}"
ALLUXIO_PROXY_JAVA_OPTS="${small_heap}"
ENV
}

# --- (0) the HDFS under-storage's layout ---------------------------------------
prove_layout() {
  local report
  report=$(python3 - "${ALLUXIO_DIST_TARBALL}" "${ALLUXIO_DIST_TOPDIR}" "${ALLUXIO_VERSION}" <<'PY'
import io, re, sys, tarfile, zipfile
tarball, top, version = sys.argv[1:4]
with tarfile.open(tarball) as tar:
    names = set(tar.getnames())
    jars = sorted(n for n in names if re.fullmatch(r'%s/lib/alluxio-underfs-hdfs-[0-9.]+-%s\.jar' % (re.escape(top), re.escape(version)), n))
    if not jars:
        sys.exit('no lib/alluxio-underfs-hdfs-<hadoop>-%s.jar' % version)
    manifest = zipfile.ZipFile(io.BytesIO(tar.extractfile(jars[0]).read())).read('META-INF/MANIFEST.MF').decode()
    manifest = manifest.replace('\r\n', '\n').replace('\n ', '')
    entries = (re.search(r'^Class-Path: (.*)$', manifest, re.M) or [None, ''])[1].split()
    missing = [e for e in entries if '%s/lib/%s' % (top, e) not in names]
    module = [e for e in entries if re.search(r'/alluxio-underfs-hdfs-%s\.jar$' % re.escape(version), e)]
    own = [e for e in entries if re.search(r'/(slf4j|log4j|logback|guava)[^/]*\.jar$', e)]
    factory = ''
    if module:
        inner = zipfile.ZipFile(io.BytesIO(tar.extractfile('%s/lib/%s' % (top, module[0])).read()))
        factory = inner.read('META-INF/services/alluxio.underfs.UnderFileSystemFactory').decode()
problems = (['Class-Path entries not in the distribution: %s' % missing[:5]] if missing else []) \
    + ([] if module else ['no alluxio-underfs-hdfs-%s.jar on the Class-Path' % version]) \
    + ([] if 'HdfsUnderFileSystemFactory' in factory else ['the module declares no HdfsUnderFileSystemFactory']) \
    + (['logging or Guava jars of its own: %s' % own] if own else [])
if problems:
    sys.exit('; '.join(problems))
print('%s: %d Class-Path entries, all present; %s' % (jars[0].split('/', 1)[1], len(entries), factory.strip().splitlines()[-1]))
PY
) || fail "HDFS under-storage layout: ${report:-see above}"
  record "(0) ${report}"
}

# --- (a) one container -------------------------------------------------------
prove_single() {
  local c="${prefix}-single" t0 out
  say "(a) single container ${c}"
  start_container "${c}"
  in_c "${c}" "cat >${home}/conf/alluxio-site.properties" <<PROPS
alluxio.master.hostname=${c}
alluxio.master.journal.type=UFS
alluxio.master.update.check.enabled=false
alluxio.worker.ramdisk.size=64MB
alluxio.worker.tieredstore.levels=1
alluxio.worker.tieredstore.level0.alias=MEM
alluxio.worker.tieredstore.level0.dirs.path=/dev/shm
PROPS
  in_c "${c}" "${home}/bin/alluxio version" | grep -qx "${ALLUXIO_VERSION}" || fail "alluxio version"
  in_c "${c}" "JAVA=/usr/bin/false ${home}/bin/alluxio version" >/dev/null 2>&1 && fail "a non-Java JAVA was accepted"
  # Release layout: the two assembly jars, nothing under assembly/server.
  in_c "${c}" "test -f ${home}/assembly/alluxio-server-${ALLUXIO_VERSION}.jar && test -f ${home}/assembly/alluxio-client-${ALLUXIO_VERSION}.jar && test ! -e ${home}/assembly/server" ||
    fail "assembly/alluxio-{server,client}-${ALLUXIO_VERSION}.jar missing, or assembly/server present"
  in_c "${c}" "${home}/bin/alluxio-stop.sh" >/dev/null || fail "alluxio-stop.sh without a component did not exit 0 (usage)"
  # formatJournal runs with ALLUXIO_USER_JAVA_OPTS: a folder set only for the master is not formatted.
  in_c "${c}" "ALLUXIO_MASTER_JAVA_OPTS=-Dalluxio.master.journal.folder=/tmp/master-only ${home}/bin/alluxio formatJournal && test ! -e /tmp/master-only && ls ${home}/journal/FileSystemMaster/v1/_format_*" >/dev/null ||
    fail "formatJournal did not format the journal of the user options (or formatted the master-only folder)"

  t0=${SECONDS}
  in_c "${c}" "${home}/bin/alluxio format" >/dev/null || fail "alluxio format"
  in_c "${c}" "ls ${home}/journal/FileSystemMaster/v1/_format_*" >/dev/null || fail "no journal format marker"
  in_c "${c}" "test -d /dev/shm/alluxioworker" || fail "formatWorker did not create /dev/shm/alluxioworker"
  record "(a) alluxio format (worker over ssh + master journal): $((SECONDS - t0))s"

  # The NoMount check must refuse a MEM tier that is not a tmpfs/ramfs.
  if in_c "${c}" "mkdir -p /mnt/disk && ALLUXIO_RAM_FOLDER=/mnt/disk ${home}/bin/alluxio-start.sh -a worker NoMount" >/dev/null 2>&1; then
    fail "worker NoMount on a non-tmpfs path did not exit 1"
  fi

  t0=${SECONDS}
  in_c "${c}" "${home}/bin/alluxio-start.sh master" || fail "alluxio-start.sh master (with monitor)"
  record "(a) alluxio-start.sh master, monitor OK: $((SECONDS - t0))s"
  t0=${SECONDS}
  in_c "${c}" "${home}/bin/alluxio-start.sh -a worker NoMount" >/dev/null || fail "alluxio-start.sh -a worker NoMount"
  wait_for "worker registration" 180 in_c "${c}" "${home}/bin/alluxio fsadmin report | grep -q 'Live Workers: 1'" >/dev/null
  record "(a) worker registered: $((SECONDS - t0))s"

  in_c "${c}" "${home}/bin/alluxio fs mkdir /x" || fail "fs mkdir /x"
  in_c "${c}" "echo proof >/tmp/f.txt && ${home}/bin/alluxio fs copyFromLocal /tmp/f.txt /x/f.txt" || fail "fs copyFromLocal"
  in_c "${c}" "${home}/bin/alluxio fs ls /" | grep -q ' /x' || fail "fs ls / does not show /x"
  [[ "$(in_c "${c}" "${home}/bin/alluxio fs cat /x/f.txt")" == proof ]] || fail "fs cat /x/f.txt"
  out=$(in_c "${c}" "${home}/bin/alluxio fs masterInfo")
  echo "${out}" >&2
  grep -q "^Current leader master: ${c}" <<<"${out}" || fail "fs masterInfo"
  in_c "${c}" "curl -sf localhost:19999/api/v1/master/info" |
    "${python}" -c 'import json,sys; d=json.load(sys.stdin); assert d["version"]; print("REST master/info: version", d["version"], "rpcAddress", d["rpcAddress"])' >&2 ||
    fail "REST /api/v1/master/info"
  in_c "${c}" "curl -sf localhost:30000/api/v1/worker/info" >/dev/null || fail "REST worker/info"
  in_c "${c}" "ls ${home}/logs" | tr '\n' ' ' >&2
  echo >&2
  in_c "${c}" "test -s ${home}/logs/master.log && test -s ${home}/logs/worker.log && ls ${home}/logs/user/user_root.log" >/dev/null ||
    fail "expected master.log, worker.log and logs/user/user_root.log"

  t0=${SECONDS}
  in_c "${c}" "${home}/bin/alluxio-stop.sh all" >/dev/null || fail "alluxio-stop.sh all exit status"
  in_c "${c}" "ps -A -o comm= | grep -qx java" && fail "JVMs still running after alluxio-stop.sh all"
  record "(a) alluxio-stop.sh all (over ssh): $((SECONDS - t0))s"

  # Everything over ssh, then the monitor on every process.
  t0=${SECONDS}
  out=$(in_c "${c}" "${home}/bin/alluxio-start.sh all NoMount 2>&1") || fail "alluxio-start.sh all NoMount"
  # alluxio-masters.sh/alluxio-workers.sh exit 0 and only print failed hosts
  # (alluxio-masters.sh on stderr, as the release).
  grep -q "Task on" <<<"${out}" && fail "a task failed in alluxio-start.sh all: $(grep 'Task on' <<<"${out}")"
  for main in alluxio.master.AlluxioMaster alluxio.master.AlluxioJobMaster alluxio.worker.AlluxioWorker \
    alluxio.worker.AlluxioJobWorker alluxio.proxy.AlluxioProxy; do
    in_c "${c}" "ps -A -ww -o args= | grep -q ' ${main}\$'" || fail "${main} is not running after alluxio-start.sh all"
  done
  [[ $(in_c "${c}" "grep -c '\[ OK \]' ${home}/logs/task.log") -ge 5 ]] || fail "the monitors did not report 5 healthy services"
  record "(a) alluxio-start.sh all NoMount (over ssh, 5 JVMs, monitors OK): $((SECONDS - t0))s"
  in_c "${c}" "${home}/bin/alluxio-stop.sh all" >/dev/null || fail "alluxio-stop.sh all exit status"
  in_c "${c}" "ps -A -o comm= | grep -qx java" && fail "JVMs still running after alluxio-stop.sh all"
  docker rm -f "${c}" >/dev/null
}

# --- (b) two masters, ZooKeeper, shared UFS journal ---------------------------
zk_children() {
  "${python}" - "$1" "$2" <<'PY'
import sys
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], timeout=5)
zk.start(timeout=10)
try:
    print(" ".join(sorted(zk.get_children(sys.argv[2]))) if zk.exists(sys.argv[2]) else "")
finally:
    zk.stop()
PY
}

start_zookeeper() {
  local gateway="$1"
  [[ -x /usr/share/zookeeper/bin/zkServer.sh ]] ||
    fail "Debian's zookeeper package is needed on this host (apt-get install zookeeper)"
  mkdir -p "${zk_dir}/data"
  # tickTime 1s: sessions may be 2s..60s, so Alluxio's 10s session is honoured.
  cat >"${zk_dir}/zoo.cfg" <<CFG
tickTime=1000
minSessionTimeout=2000
maxSessionTimeout=60000
dataDir=${zk_dir}/data
clientPort=${zk_port}
clientPortAddress=${gateway}
admin.enableServer=false
4lw.commands.whitelist=ruok,stat
CFG
  ZOO_LOG_DIR="${zk_dir}" JVMFLAGS="-Xmx128m" ZOO_LOG4J_PROP="WARN,CONSOLE" \
    /usr/share/zookeeper/bin/zkServer.sh start-foreground "${zk_dir}/zoo.cfg" >"${zk_dir}/zk.log" 2>&1 &
  zk_pid=$!
  wait_for "ZooKeeper on ${gateway}:${zk_port}" 60 zk_children "${gateway}:${zk_port}" / >/dev/null
}

prove_ha() {
  local m1="${prefix}-m1" m2="${prefix}-m2" gateway zk t0 leader standby pid out
  say "(b) two masters ${m1} ${m2} with ZooKeeper"
  gateway=$(docker network inspect "${net}" -f '{{(index .IPAM.Config 0).Gateway}}')
  zk="${gateway}:${zk_port}"
  start_zookeeper "${gateway}"
  mkdir -p "${shared}"
  for m in "${m1}" "${m2}"; do
    start_container "${m}" -v "${shared}:/shared"
    in_c "${m}" "cat >${home}/conf/alluxio-site.properties" <<PROPS
alluxio.master.hostname=${m}
alluxio.master.journal.type=UFS
alluxio.master.journal.folder=/shared/journal
alluxio.master.mount.table.root.ufs=/shared/ufs
alluxio.zookeeper.enabled=true
alluxio.zookeeper.address=${zk}
alluxio.zookeeper.session.timeout=10s
alluxio.master.update.check.enabled=false
PROPS
    printf '%s\n%s\n' "${m1}" "${m2}" | in_c "${m}" "cat >${home}/conf/masters"
  done
  # Each master may ssh to the other (alluxio-masters.sh).
  for a in "${m1}" "${m2}"; do
    for b in "${m1}" "${m2}"; do
      [[ "${a}" == "${b}" ]] || docker exec "${a}" cat /root/.ssh/id_ed25519.pub | docker exec -i "${b}" sh -c 'cat >>/root/.ssh/authorized_keys'
    done
  done
  in_c "${m1}" "mkdir -p /shared/ufs && ${home}/bin/alluxio formatMasters" >/dev/null || fail "formatMasters on ${m1}"
  in_c "${m1}" "ls /shared/journal/FileSystemMaster/v1/_format_*" >/dev/null || fail "shared journal not formatted"

  t0=${SECONDS}
  in_c "${m1}" "${home}/bin/alluxio-start.sh -a master" >/dev/null || fail "start master on ${m1}"
  in_c "${m2}" "${home}/bin/alluxio-start.sh -a master" >/dev/null || fail "start master on ${m2}"
  wait_for "a leader znode under /alluxio/leader" 240 bash -c "[[ -n \"\$(zk_children ${zk} /alluxio/leader)\" ]]" >/dev/null
  leader=$(zk_children "${zk}" /alluxio/leader)
  record "(b) first leader znode /alluxio/leader/${leader} after $((SECONDS - t0))s"
  wait_for "both masters in /alluxio/election" 240 bash -c "[[ \$(zk_children ${zk} /alluxio/election | wc -w) -ge 2 ]]" >/dev/null
  record "(b) both masters in the election after $((SECONDS - t0))s: $(zk_children "${zk}" /alluxio/election)"
  case "${leader}" in
    "${m1}:19998") leader="${m1}"; standby="${m2}" ;;
    "${m2}:19998") leader="${m2}"; standby="${m1}" ;;
    *) fail "unexpected leader znode '${leader}'" ;;
  esac
  wait_for "the leader's REST API" 180 in_c "${leader}" "curl -sf localhost:19999/api/v1/master/info" >/dev/null
  out=$(in_c "${standby}" "${home}/bin/alluxio fs masterInfo")
  echo "${out}" >&2
  grep -q "^Current leader master: ${leader}" <<<"${out}" || fail "masterInfo from the standby does not name ${leader}"
  in_c "${standby}" "curl -sf -m 5 localhost:19999/api/v1/master/info" >/dev/null &&
    fail "the standby answered the REST API before failover"
  in_c "${standby}" "${home}/bin/alluxio fs mkdir /ha/dir && ${home}/bin/alluxio fs touch /ha/dir/file" || fail "create files via ${leader}"

  pid=$(in_c "${leader}" "ps -A -ww -o pid=,comm=,args= | awk '\$2 == \"java\" && / alluxio.master.AlluxioMaster\$/ {print \$1}'")
  [[ -n "${pid}" ]] || fail "no master JVM found on ${leader}"
  say "kill -9 ${pid} (AlluxioMaster) on ${leader}"
  t0=${SECONDS}
  in_c "${leader}" "kill -9 ${pid}"
  wait_for "the standby's leader znode" 300 bash -c "[[ \"\$(zk_children ${zk} /alluxio/leader)\" == '${standby}:19998' ]]" >/dev/null
  local t_znode=$((SECONDS - t0))
  wait_for "the standby's REST API" 300 in_c "${standby}" "curl -sf localhost:19999/api/v1/master/info" >/dev/null
  local t_rest=$((SECONDS - t0))
  out=$(in_c "${standby}" "${home}/bin/alluxio fs masterInfo")
  local t_cli=$((SECONDS - t0))
  echo "${out}" >&2
  grep -q "^Current leader master: ${standby}" <<<"${out}" || fail "masterInfo does not name ${standby} after failover"
  record "(b) failover after kill -9 of the leader (session timeout 10s): znode ${t_znode}s, REST ${t_rest}s, fs masterInfo ${t_cli}s"
  in_c "${standby}" "${home}/bin/alluxio fs ls /ha/dir" | grep -q '/ha/dir/file' || fail "/ha/dir/file did not survive the failover"
  record "(b) /ha/dir/file survived the failover"

  # The old leader rejoins as a standby.
  in_c "${leader}" "${home}/bin/alluxio-start.sh -a master" >/dev/null || fail "restart master on ${leader}"
  wait_for "the old leader to rejoin the election" 180 bash -c "[[ \$(zk_children ${zk} /alluxio/election | wc -w) -ge 2 ]]" >/dev/null
  [[ "$(zk_children "${zk}" /alluxio/leader)" == "${standby}:19998" ]] || fail "leadership moved when the old leader rejoined"
  record "(b) old leader rejoined as standby; leader is still ${standby}"
  in_c "${m1}" "${home}/bin/alluxio-stop.sh masters" >/dev/null
  in_c "${m1}" "ps -A -o comm= | grep -qx java" && fail "JVMs still running on ${m1} after alluxio-stop.sh masters"
  in_c "${m2}" "ps -A -o comm= | grep -qx java" && fail "JVMs still running on ${m2} after alluxio-stop.sh masters"
  record "(b) alluxio-stop.sh masters (ssh to both) stopped both masters"
}

export -f zk_children fail say
export python
total0=${SECONDS}
record "host load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
case "${parts}" in
  all) prove_layout; prove_single; prove_ha ;;
  layout) prove_layout ;;
  single) prove_single ;;
  ha) prove_ha ;;
  *) echo "usage: prove.sh [all|layout|single|ha]" >&2; exit 2 ;;
esac
record "host load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
record "total: $((SECONDS - total0))s; PASS"
