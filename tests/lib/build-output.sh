#!/usr/bin/env bash
# Sourced by the test builds (tests/alluxio-dist/build.sh, tests/hdfs/build.sh):
# their outputs, written so that a reader never sees half of one.
#
# make_tar DIR TOP DEST: DEST (and DEST.sha256) from DIR/TOP as a reproducible
# archive: fixed owner, order and mtime; gzip without a name. Both files are
# written under a temporary name and renamed into place (the archive, then its
# .sha256), so a reader sees the old or the new archive whole, never a
# half-written one; only for the instant between the two renames may the
# .sha256 still describe the previous archive.
make_tar() {
  local dir="$1" top="$2" dest="$3" tmp
  tmp=$(mktemp "${dest}.XXXXXX.part")
  tar -C "${dir}" --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime='2024-07-02 00:00:00Z' -cf - "${top}" | gzip -n -6 >"${tmp}"
  chmod 0644 "${tmp}"
  printf '%s  %s\n' "$(sha256sum "${tmp}" | cut -d' ' -f1)" "$(basename "${dest}")" >"${tmp}.sha256"
  mv -f "${tmp}" "${dest}"
  mv -f "${tmp}.sha256" "${dest}.sha256"
}

# write_atomically DEST: standard input to DEST (mode 0644) through a temporary
# file renamed into place (the builds' manifests: written last, polled for).
write_atomically() {
  local tmp
  tmp=$(mktemp "$1.XXXXXX.part")
  cat >"${tmp}"
  chmod 0644 "${tmp}"
  mv -f "${tmp}" "$1"
}
