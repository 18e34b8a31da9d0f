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
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
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


def _non_empty_dir(path):
    try:
        return bool(os.listdir(path))
    except OSError:
        return False


def first_file(folder):
    """The first file found under ``folder`` (``lost+found`` ignored), or None."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != 'lost+found')
        if files:
            return os.path.join(root, sorted(files)[0])
    return None


def format_markers(folder):
    """All ``_format_*`` markers in either UFS journal layout."""
    patterns = (
        os.path.join(folder, 'FileSystemMaster', 'v1', FORMAT_PREFIX + '*'),
        os.path.join(folder, FORMAT_PREFIX + '*'),
    )
    found = []
    for pattern in patterns:
        found.extend(sorted(glob.glob(pattern)))
    return found


def journal_state(folder, journal_type):
    """Return ``(formatted, evidence)`` for a local journal folder."""
    if str(journal_type).upper() == 'EMBEDDED':
        raft = os.path.join(folder, 'raft')
        if _non_empty_dir(raft):
            return True, 'embedded journal %s holds Raft data' % raft
        if os.path.isdir(folder):
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
