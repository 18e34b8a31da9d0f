# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Telling a formatted Alluxio journal (or worker storage) from a fresh one.

Layouts written by ``alluxio.cli.Format``:

* UFS journal, 1.5+ and 2.x: ``<folder>/<Master>/v1/_format_<ms>``; the file
  system master's marker is the one probed.
* UFS journal, 1.2 to 1.4: ``<folder>/_format_<ms>``.
* EMBEDDED (Raft) journal: the master treats an existing folder as formatted
  and keeps its Raft log under ``<folder>/raft/``.
* Worker storage: every tier directory holds the worker data folder
  (``alluxio.worker.data.folder``, ``alluxioworker`` by default).

Reading fails closed: only "no such file or directory" means absent. Any
other error (permission denied, a stale NFS handle, an I/O error, a file
where a folder should be) raises ``JournalReadError``, so an unmounted share
or a uid mismatch is never taken for an empty journal and formatted.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import re
import shutil
import time

FORMAT_PREFIX = '_format_'
_SCHEME = re.compile(r'^([A-Za-z][A-Za-z0-9+.-]*)://')


def local_path(location):
    """Return the local path of a journal location, or None if it is remote.

    ``file:///x`` and plain paths are local; ``hdfs://``, ``s3://``... are not.
    """
    match = _SCHEME.match(location or '')
    if not match:
        return location
    if match.group(1).lower() == 'file':
        rest = location[len(match.group(0)):]
        # file:///x has an empty authority; file://localhost/x is also local.
        if rest.startswith('/'):
            return rest
        if rest.startswith('localhost/'):
            return rest[len('localhost'):]
    return None


class JournalReadError(Exception):
    """A journal location that could not be read: it must never count as absent."""

    def __init__(self, path, exc):
        self.path = path
        self.reason = exc.strerror or str(exc)
        super(JournalReadError, self).__init__(
            'cannot read %s (%s), so whether it holds a journal is unknown; nothing is formatted. '
            'Fix the mount or the permissions (the service user must read it) and run again.' % (path, self.reason))


def _entries(path):
    """The names in directory ``path``, or None when it does not exist."""
    try:
        return os.listdir(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise JournalReadError(path, exc)


def _exists(path):
    """Whether ``path`` exists; any error other than ENOENT raises JournalReadError."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return False
        raise JournalReadError(path, exc)
    return True


def first_file(folder):
    """The first file found under ``folder`` (``lost+found`` ignored), or None."""
    if not _exists(folder):
        return None

    def fail(exc):
        raise JournalReadError(getattr(exc, 'filename', None) or folder, exc)

    for root, dirs, files in os.walk(folder, onerror=fail):
        dirs[:] = sorted(d for d in dirs if d != 'lost+found')
        if files:
            return os.path.join(root, sorted(files)[0])
    return None


def format_markers(folder):
    """All ``_format_*`` markers in either UFS journal layout."""
    found = []
    for directory in (os.path.join(folder, 'FileSystemMaster', 'v1'), folder):
        names = _entries(directory) or []
        found.extend(os.path.join(directory, n) for n in sorted(names) if n.startswith(FORMAT_PREFIX))
    return found


def mount_points(mountinfo):
    """The mount points listed in the text of ``/proc/<pid>/mountinfo`` (octal escapes decoded)."""
    points = []
    for line in (mountinfo or '').splitlines():
        fields = line.split()
        if len(fields) > 4:
            points.append(re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), fields[4]))
    return points


def nearest_mount(path, points):
    """The mount point of ``points`` that ``path`` (existing or not) lies on."""
    path = os.path.normpath(str(path))
    best = '/'
    for point in points:
        inside = path == point or path.startswith(point.rstrip('/') + '/')
        if inside and len(point) > len(best):
            best = point
    return best


def unmounted_share_problem(path, mountinfo, variable, flag, outcome='nothing was formatted or written'):
    """Why local ``path``, declared shared by ``flag``, cannot be used (None when it can); ``outcome`` ends it.

    A share every node mounts must not lie on the root file system: there it
    is a share that is not mounted, and a format or a write would go to a
    second, empty copy beneath the mount point.
    """
    if nearest_mount(path, mount_points(mountinfo)) != '/':
        return None
    return ('%s %s is on no mounted file system (its nearest mount point is /) although %s is true: the '
            'share is not mounted on this host. Mount it (every node that uses it mounts the same share '
            'there) or fix %s, then run again; %s.' % (variable, path, flag, variable, outcome))


def journal_state(folder, journal_type):
    """Return ``(formatted, evidence)`` for a local journal folder.

    Raises JournalReadError when the folder or anything in it cannot be read.
    """
    if str(journal_type).upper() == 'EMBEDDED':
        raft = os.path.join(folder, 'raft')
        exists = _exists(folder)
        if exists and _entries(raft):
            return True, 'embedded journal %s holds Raft data' % raft
        if exists:
            return True, ('embedded journal folder %s exists; the master treats it as formatted '
                          'and creates its Raft log on first start' % folder)
        return False, 'embedded journal folder %s does not exist' % folder
    markers = format_markers(folder)
    if markers:
        return True, 'UFS journal %s is formatted (marker %s)' % (folder, markers[0])
    data = first_file(folder)
    if data:
        # A 2.x master does not insist on the marker, so a journal can be in
        # use without one: never wipe files we did not prove to be disposable.
        return True, ('UFS journal %s has no %s marker but holds data (%s); treating it as '
                      'in use' % (folder, FORMAT_PREFIX, data))
    return False, 'UFS journal %s has no %s marker and no data' % (folder, FORMAT_PREFIX)


def worker_data_dirs(tier_paths, data_folder):
    """The worker data directory inside each tier directory."""
    sub = data_folder.strip('/') or 'alluxioworker'
    return [os.path.join(path, sub) for path in tier_paths]


def worker_state(tier_paths, data_folder):
    """Return ``(formatted, evidence)`` for the worker tiered storage."""
    dirs = worker_data_dirs(tier_paths, data_folder)
    missing = [path for path in dirs if not os.path.isdir(path)]
    if not dirs:
        return False, 'no worker tier directory is configured'
    if missing:
        return False, 'worker data folder missing: %s' % ', '.join(missing)
    return True, 'worker data folders exist: %s' % ', '.join(dirs)


def backup_journal(folder, backup_dir, now=None):
    """Copy ``folder`` to ``<backup_dir>/journal-<UTC timestamp>``; return it."""
    stamp = time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(now))
    target = os.path.join(backup_dir, 'journal-%s' % stamp)
    suffix = 1
    while os.path.exists(target):
        target = os.path.join(backup_dir, 'journal-%s-%d' % (stamp, suffix))
        suffix += 1
    if not os.path.isdir(backup_dir):
        os.makedirs(backup_dir, 0o700)
    shutil.copytree(folder, target, symlinks=True)
    return target
