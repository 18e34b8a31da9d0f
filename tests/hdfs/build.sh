#!/usr/bin/env bash
# Builds the lab's HDFS (NameNode and DataNode of Hadoop 3.3.4) as one archive,
# cached like the Alluxio test distribution:
#
#   bash tests/hdfs/build.sh
#
# Output in tests/hdfs/build/ (git-ignored, never committed):
#   hadoop-lab-<ver>.tar.gz(.sha256)  Hadoop's jars from Maven Central (pom.xml)
#                                     + our own launcher (skeleton/bin/hdfs-lab)
#   manifest.env                      HDFS_LAB_* variables for the scenarios
#
# Rebuilt only when the hash of its inputs (pom.xml, skeleton/, this script,
# the shared tar helper) changes; HDFS_LAB_FORCE=1 rebuilds regardless.
# Needs: mvn and a JDK (only Maven runs on it), tar, gzip, sha256sum.
set -euo pipefail

start=${SECONDS}
here=$(cd "$(dirname "$0")" && pwd)
out="${here}/build"
# shellcheck source=tests/lib/build-output.sh
. "${here}/../lib/build-output.sh"

log() { echo "hdfs-lab: $*" >&2; }

version=$(sed -n 's:.*<hadoop.version>\(.*\)</hadoop.version>.*:\1:p' "${here}/pom.xml")
name="hadoop-lab-${version}"
tarball="${out}/${name}.tar.gz"
manifest="${out}/manifest.env"
input_hash=$(
  cd "${here}"
  find pom.xml build.sh skeleton ../lib/build-output.sh -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-16
)

mkdir -p "${out}"
exec 9>"${out}/.build.lock"
flock 9
if [[ -r "${manifest}" && -s "${tarball}" && "${HDFS_LAB_FORCE:-0}" != 1 ]] &&
  grep -qx "HDFS_LAB_INPUT_HASH=${input_hash}" "${manifest}"; then
  log "up to date (input hash ${input_hash}): ${tarball}"
  exit 0
fi

work=$(mktemp -d "${out}/.work.XXXXXX")
trap 'rm -rf "${work}"' EXIT
stage="${work}/stage/${name}"
mkdir -p "${stage}/share/jars" "${stage}/logs"
log "resolving Hadoop ${version} (hadoop-hdfs, hadoop-common) with Maven"
# One SLF4J binding (slf4j-log4j12 on log4j 1.2, as Hadoop 3.3.4 ships).
if ! mvn -B -Dstyle.color=never -f "${here}/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DexcludeArtifactIds=slf4j-reload4j \
  -DoutputDirectory="${stage}/share/jars" >"${work}/maven.log" 2>&1; then
  tail -n 40 "${work}/maven.log" >&2
  log "Maven failed; the last 40 lines of its output are above"
  exit 1
fi
cp -pR "${here}/skeleton/." "${stage}/"
chmod 0755 "${stage}/bin/hdfs-lab"
make_tar "${work}/stage" "${name}" "${tarball}"

write_atomically "${manifest}" <<ENV
# Written by tests/hdfs/build.sh; source it.
HDFS_LAB_VERSION=${version}
HDFS_LAB_TOPDIR=${name}
HDFS_LAB_TARBALL=${tarball}
HDFS_LAB_SHA256=$(cut -d' ' -f1 "${tarball}.sha256")
HDFS_LAB_INPUT_HASH=${input_hash}
ENV
log "built ${tarball} ($(du -h "${tarball}" | cut -f1)) in $((SECONDS - start))s"
