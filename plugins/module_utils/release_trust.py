# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Whether root may run a release's scripts: nothing they run or source may be
changeable by another account.

Root running ``bin/alluxio`` executes ``libexec/alluxio-config.sh``, sources
``conf/alluxio-env.sh`` and starts the ``java`` that file names with the jars
of the release on its class path. If the service account (or anyone but root)
can change any of them, or rename a directory on their way, it runs code as
root. The role unpacks the release owned by root; these checks make the
modules refuse, rather than trust, a tree that is not.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

# What the scripts run or source, relative to the release's top directory.
RELEASE_PARTS = ('bin', 'libexec', 'conf', 'lib', 'assembly', 'client')
# Enough to act on; the rest are alike.
MAX_PROBLEMS = 5


def changeable(st, is_dir=False):
    """Why a file or directory with stat result ``st`` can be changed by an
    account other than root, or None when only root can change it.

    A directory writable by everyone but sticky (``/tmp``) lets others add
    entries, not replace root's, so it is not counted.
    """
    if st.st_uid != 0:
        return 'owned by uid %d' % st.st_uid
    if st.st_mode & stat.S_IWOTH and not (is_dir and st.st_mode & stat.S_ISVTX):
        return 'writable by everyone'
    if st.st_mode & stat.S_IWGRP and st.st_gid != 0:
        return 'writable by group gid %d' % st.st_gid
    return None


def _ancestors(path):
    """``path`` and every directory above it, outermost first."""
    chain = []
    path = os.path.abspath(path)
    while True:
        chain.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            return list(reversed(chain))
        path = parent


def _check(path, problems, seen, lstat=os.lstat):
    if path in seen:
        return
    seen.add(path)
    try:
        st = lstat(path)
    except OSError as exc:
        # Fail closed: what cannot be read cannot be trusted.
        problems.append('%s: cannot be read (%s)' % (path, exc.strerror or exc))
        return
    if stat.S_ISLNK(st.st_mode):
        # A link in a root-only directory is root's; what it names is checked.
        target = os.path.realpath(path)
        for ancestor in _ancestors(target):
            _check(ancestor, problems, seen, lstat)
        return
    reason = changeable(st, stat.S_ISDIR(st.st_mode))
    if reason:
        problems.append('%s: %s' % (path, reason))


def untrusted_paths(home, extra=(), lstat=os.lstat, walk=os.walk):
    """What root would run from the release at ``home`` (and the ``extra``
    paths, such as the Java home) that another account can change: a list of
    ``'path: reason'``, at most MAX_PROBLEMS long, empty when root may run it.

    Checked: every directory from ``/`` down to ``home`` and to each extra
    path, and every file and directory under RELEASE_PARTS and each extra
    path. Symlinks are followed to their targets, whose directories are
    checked from ``/`` too.
    """
    problems = []
    seen = set()
    roots = [os.path.join(home, part) for part in RELEASE_PARTS] + [p for p in extra if p]
    for path in [home] + [p for p in extra if p]:
        for ancestor in _ancestors(path):
            _check(ancestor, problems, seen, lstat)
    for root in roots:
        if not os.path.lexists(root):
            continue
        _check(root, problems, seen, lstat)
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, filenames in walk(root):
            for name in sorted(dirnames) + sorted(filenames):
                _check(os.path.join(dirpath, name), problems, seen, lstat)
            if len(problems) >= MAX_PROBLEMS:
                return problems[:MAX_PROBLEMS]
    return problems[:MAX_PROBLEMS]


def untrusted_message(problems, what):
    """The refusal when root would run ``what`` from an untrusted release."""
    return ('Refusing to run %s as root: another account can change what it runs or sources (%s). '
            'Root would run their code. Reinstall the release owned by root and not writable by others '
            '(the alluxio_install role does: it replaces a release it did not unpack), or run this task as '
            'the service account (become_user).' % (what, '; '.join(problems)))
