# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Formatted-journal and worker-storage detection on real temporary directories."""

from __future__ import annotations

import os

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_journal import (
    backup_journal,
    journal_state,
    local_path,
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
