# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""What root may run: a release tree no other account can change."""

from __future__ import annotations

import os
import stat
from types import SimpleNamespace

from ansible_collections.datalake.alluxio.plugins.module_utils.release_trust import (
    MAX_PROBLEMS,
    changeable,
    untrusted_message,
    untrusted_paths,
)


def st(uid=0, gid=0, mode=0o755, kind=stat.S_IFREG):
    return SimpleNamespace(st_uid=uid, st_gid=gid, st_mode=kind | mode)


def test_changeable():
    assert changeable(st()) is None
    assert changeable(st(gid=1000, mode=0o750)) is None  # group may read, not write
    assert changeable(st(uid=1000)) == 'owned by uid 1000'
    assert changeable(st(mode=0o757)) == 'writable by everyone'
    assert changeable(st(gid=1000, mode=0o775)) == 'writable by group gid 1000'
    assert changeable(st(gid=0, mode=0o775)) is None  # root's own group
    # /tmp: sticky, others cannot replace root's entries.
    assert changeable(st(mode=0o1777, kind=stat.S_IFDIR), is_dir=True) is None
    assert changeable(st(mode=0o1777)) == 'writable by everyone'


def fake_tree(tmp_path, owners):
    """A release under tmp_path/opt/alluxio-2.9.6 and an lstat that reports
    root for everything but the paths in ``owners`` ({relative path: stat})."""
    home = tmp_path / 'opt' / 'alluxio-2.9.6'
    for rel in ('bin/alluxio', 'libexec/alluxio-config.sh', 'conf/alluxio-env.sh', 'lib/x.jar', 'logs/master.log'):
        (home / rel).parent.mkdir(parents=True, exist_ok=True)
        (home / rel).write_text('')

    def lstat(path):
        real = os.lstat(path)
        rel = os.path.relpath(path, home)
        fake = owners.get(rel)
        if fake is not None:
            return fake
        return SimpleNamespace(st_uid=0, st_gid=0, st_mode=stat.S_IFMT(real.st_mode) | 0o755)
    return str(home), lstat


def test_a_root_release_is_trusted(tmp_path):
    home, lstat = fake_tree(tmp_path, {})
    assert untrusted_paths(home, lstat=lstat) == []


def test_what_root_runs_or_sources_must_be_roots(tmp_path):
    home, lstat = fake_tree(tmp_path, {
        'libexec/alluxio-config.sh': st(uid=1000),
        'lib': st(gid=1000, mode=0o775, kind=stat.S_IFDIR),
        'logs/master.log': st(uid=1000),  # the account's logs: never run
    })
    problems = untrusted_paths(home, lstat=lstat)
    assert problems == ['%s/libexec/alluxio-config.sh: owned by uid 1000' % home,
                        '%s/lib: writable by group gid 1000' % home]


def test_a_directory_above_the_release_counts(tmp_path):
    home, lstat = fake_tree(tmp_path, {'..': st(uid=1000, kind=stat.S_IFDIR)})
    assert untrusted_paths(home, lstat=lstat) == ['%s: owned by uid 1000' % os.path.dirname(home)]


def test_unreadable_is_untrusted(tmp_path):
    home, lstat = fake_tree(tmp_path, {})

    def failing(path):
        if path.endswith('alluxio-env.sh'):
            raise OSError(13, 'Permission denied')
        return lstat(path)
    assert untrusted_paths(home, lstat=failing) == ['%s/conf/alluxio-env.sh: cannot be read (Permission denied)' % home]


def test_links_are_followed_to_their_targets(tmp_path):
    home, lstat = fake_tree(tmp_path, {})
    elsewhere = tmp_path / 'elsewhere'
    elsewhere.mkdir()
    (elsewhere / 'alluxio-env.sh').write_text('')
    os.remove(os.path.join(home, 'conf', 'alluxio-env.sh'))
    os.symlink(str(elsewhere / 'alluxio-env.sh'), os.path.join(home, 'conf', 'alluxio-env.sh'))

    def owned(path):
        if path == str(elsewhere):
            return st(uid=1000, kind=stat.S_IFDIR)
        return lstat(path) if path.startswith(home) else SimpleNamespace(
            st_uid=0, st_gid=0, st_mode=stat.S_IFMT(os.lstat(path).st_mode) | 0o755)
    assert untrusted_paths(home, lstat=owned) == ['%s: owned by uid 1000' % elsewhere]


def test_extra_paths_and_the_cap(tmp_path):
    home, lstat = fake_tree(tmp_path, {'lib/x.jar': st(uid=1000)})
    java = tmp_path / 'java'
    (java / 'bin').mkdir(parents=True)
    for n in range(10):
        (java / 'bin' / ('tool%d' % n)).write_text('')

    def both(path):
        if path.startswith(str(java) + '/bin/'):
            return st(uid=1000)
        return lstat(path) if path.startswith(home) else SimpleNamespace(
            st_uid=0, st_gid=0, st_mode=stat.S_IFMT(os.lstat(path).st_mode) | 0o755)
    problems = untrusted_paths(home, [str(java)], lstat=both)
    assert len(problems) == MAX_PROBLEMS
    assert problems[0] == '%s/lib/x.jar: owned by uid 1000' % home


def test_message_names_paths_and_fix():
    msg = untrusted_message(['/opt/alluxio/bin: owned by uid 1000'], '/opt/alluxio/bin/alluxio version')
    assert 'Refusing to run /opt/alluxio/bin/alluxio version as root' in msg
    assert '/opt/alluxio/bin: owned by uid 1000' in msg
    assert 'alluxio_install' in msg
