# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Formatted-journal and worker-storage detection on real temporary directories."""

from __future__ import annotations

import errno
import os
import re

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_journal import (
    JournalReadError,
    backup_journal,
    journal_state,
    local_path,
    mount_points,
    nearest_mount,
    unmounted_share_problem,
    worker_state,
)


@pytest.mark.parametrize('location, expected', [
    ('/opt/alluxio/journal', '/opt/alluxio/journal'),
    ('file:///data/journal', '/data/journal'),
    ('file://localhost/data/journal', '/data/journal'),
    ('hdfs://nn:8020/alluxio/journal', None),
    ('s3://bucket/journal', None),
    ('file://otherhost/data', None),
])
def test_local_path(location, expected):
    assert local_path(location) == expected


def test_ufs_missing_and_empty_are_not_formatted(tmp_path):
    assert journal_state(str(tmp_path / 'nope'), 'UFS')[0] is False
    assert journal_state(str(tmp_path), 'UFS')[0] is False
    os.makedirs(tmp_path / 'lost+found')
    (tmp_path / 'lost+found' / 'x').write_text('fsck')
    assert journal_state(str(tmp_path), 'UFS')[0] is False


def test_ufs_2x_marker(tmp_path):
    marker_dir = tmp_path / 'FileSystemMaster' / 'v1'
    os.makedirs(marker_dir)
    (marker_dir / '_format_1700000000000').write_text('')
    formatted, evidence = journal_state(str(tmp_path), 'ufs')
    assert formatted is True
    assert '_format_1700000000000' in evidence


def test_ufs_1x_marker_at_the_top(tmp_path):
    (tmp_path / '_format_1461000000000').write_text('')
    assert journal_state(str(tmp_path), 'UFS')[0] is True


def test_ufs_data_without_marker_counts_as_in_use(tmp_path):
    logs = tmp_path / 'FileSystemMaster' / 'v1' / 'logs'
    os.makedirs(logs)
    (logs / '0x0-0x7fffffffffffffff').write_text('entries')
    formatted, evidence = journal_state(str(tmp_path), 'UFS')
    assert formatted is True
    assert 'in use' in evidence


def test_ufs_empty_master_dirs_are_not_data(tmp_path):
    os.makedirs(tmp_path / 'FileSystemMaster' / 'v1' / 'logs')
    assert journal_state(str(tmp_path), 'UFS')[0] is False


def test_embedded(tmp_path):
    folder = tmp_path / 'journal'
    assert journal_state(str(folder), 'EMBEDDED')[0] is False
    os.makedirs(folder)
    formatted, evidence = journal_state(str(folder), 'EMBEDDED')
    assert formatted is True and 'exists' in evidence
    raft = folder / 'raft' / '02511d47-d67c-49a3-9011-abb3109a44c1' / 'current'
    os.makedirs(raft)
    (raft / 'raft-meta').write_text('term')
    formatted, evidence = journal_state(str(folder), 'EMBEDDED')
    assert formatted is True and 'Raft data' in evidence


def test_worker_storage(tmp_path):
    mem, ssd = tmp_path / 'mem', tmp_path / 'ssd'
    os.makedirs(mem)
    os.makedirs(ssd)
    tiers = [str(mem), str(ssd)]
    assert worker_state([], '/alluxioworker/')[0] is False
    assert worker_state(tiers, '/alluxioworker/')[0] is False
    os.makedirs(mem / 'alluxioworker')
    formatted, evidence = worker_state(tiers, '/alluxioworker/')
    assert formatted is False and str(ssd / 'alluxioworker') in evidence
    os.makedirs(ssd / 'alluxioworker')
    assert worker_state(tiers, '/alluxioworker/')[0] is True


def test_backup_copies_into_a_timestamped_directory(tmp_path):
    journal = tmp_path / 'journal' / 'FileSystemMaster' / 'v1'
    os.makedirs(journal)
    (journal / '_format_1').write_text('m')
    backups = tmp_path / 'backups'
    first = backup_journal(str(tmp_path / 'journal'), str(backups), now=0)
    second = backup_journal(str(tmp_path / 'journal'), str(backups), now=0)
    assert os.path.basename(first) == 'journal-19700101T000000Z'
    assert second != first
    assert os.path.isfile(os.path.join(second, 'FileSystemMaster', 'v1', '_format_1'))
    assert oct(os.stat(backups).st_mode & 0o777) == '0o700'


# Reading fails closed: only ENOENT means absent (the tests run as root, so
# the errors a mount or a uid mismatch gives are injected).
def _failing(real, bad_path, code):
    def call(path, *args, **kwargs):
        if str(path) == str(bad_path):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, *args, **kwargs)
    return call


@pytest.mark.parametrize('code', [errno.EACCES, errno.ESTALE, errno.EIO])
def test_ufs_unreadable_folder_refuses(tmp_path, monkeypatch, code):
    monkeypatch.setattr(os, 'listdir', _failing(os.listdir, tmp_path, code))
    with pytest.raises(JournalReadError, match=re.escape(str(tmp_path))):
        journal_state(str(tmp_path), 'UFS')


def test_ufs_unreadable_folder_stat_refuses(tmp_path, monkeypatch):
    monkeypatch.setattr(os, 'stat', _failing(os.stat, tmp_path / 'journal', errno.ESTALE))
    with pytest.raises(JournalReadError, match='Stale'):
        journal_state(str(tmp_path / 'journal'), 'UFS')


def test_ufs_unreadable_subfolder_refuses(tmp_path, monkeypatch):
    (tmp_path / 'BlockMaster' / 'v1').mkdir(parents=True)
    monkeypatch.setattr(os, 'scandir', _failing(os.scandir, tmp_path / 'BlockMaster', errno.EACCES))
    with pytest.raises(JournalReadError, match='BlockMaster'):
        journal_state(str(tmp_path), 'UFS')


def test_a_file_where_the_folder_should_be_refuses(tmp_path):
    (tmp_path / 'journal').write_text('not a folder')
    with pytest.raises(JournalReadError):
        journal_state(str(tmp_path / 'journal'), 'UFS')


def test_embedded_unreadable_raft_refuses(tmp_path, monkeypatch):
    (tmp_path / 'raft').mkdir()
    monkeypatch.setattr(os, 'listdir', _failing(os.listdir, tmp_path / 'raft', errno.EIO))
    with pytest.raises(JournalReadError):
        journal_state(str(tmp_path), 'EMBEDDED')


MOUNTINFO = '''\
22 1 0:21 / / rw,relatime - overlay overlay rw
30 22 8:1 /srv/nfs /srv/alluxio-shared rw,relatime - nfs4 server:/export rw
31 22 8:1 /x /mnt/with\\040space rw - ext4 /dev/sda1 rw
'''


def test_mount_points_and_the_nearest_one():
    points = mount_points(MOUNTINFO)
    assert points == ['/', '/srv/alluxio-shared', '/mnt/with space']
    assert nearest_mount('/srv/alluxio-shared/journal/x', points) == '/srv/alluxio-shared'
    assert nearest_mount('/srv/alluxio-shared', points) == '/srv/alluxio-shared'
    assert nearest_mount('/srv/alluxio-shared-not/journal', points) == '/'
    assert nearest_mount('/mnt/with space/j', points) == '/mnt/with space'


def test_unmounted_share_problem():
    assert unmounted_share_problem('/srv/alluxio-shared/journal', MOUNTINFO, 'v', 'f') is None
    problem = unmounted_share_problem('/srv/other/journal', MOUNTINFO, 'alluxio_journal_folder', 'alluxio_journal_shared')
    assert problem.startswith('alluxio_journal_folder /srv/other/journal is on no mounted file system')
    assert 'alluxio_journal_shared is true' in problem
