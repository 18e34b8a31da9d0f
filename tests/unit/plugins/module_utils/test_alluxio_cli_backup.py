# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Parsing `alluxio fsadmin backup` and building its arguments.

The outputs below follow the format strings of the released alluxio-shell
jars (BackupCommand): 2.3.0 to 2.9.6 poll with a progress line that ends in a
carriage return and is blanked with 75 spaces, then print three fields; 2.1.0
and 1.8.1 print one "Successfully backed up journal to ..." line.
"""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    backup_args,
    backup_lines,
    parse_backup,
    unsupported_backup_options,
)

BLANK = ' ' * 75 + '\r'


def progress(state, entries=None):
    line = ' Backup state: %s' % state
    if entries is not None:
        line += ' | Entries processed: %d' % entries
    return BLANK + line + '\r' + BLANK


BACKUP_296 = (
    progress('Initiating') + progress('Running', 0) + progress('Running', 812) + BLANK
    + 'Backup Host        : alluxio-master2\n'
    + 'Backup URI         : hdfs://namenode:8020/alluxio_backups/alluxio-backup-2024-07-02-1719878400000.gz\n'
    + 'Backup Entry Count : 1024\n'
)


def test_29_output_with_progress_lines():
    parsed = parse_backup(BACKUP_296)
    assert parsed == {
        'uri': 'hdfs://namenode:8020/alluxio_backups/alluxio-backup-2024-07-02-1719878400000.gz',
        'host': 'alluxio-master2', 'entry_count': 1024, 'state': 'Completed', 'error': None}


def test_29_local_backup_and_log_noise():
    text = ('SLF4J: Class path contains multiple SLF4J bindings.\n' + BLANK
            + 'Backup Host        : master1\nBackup URI         : /var/backups/alluxio/alluxio-backup-2024-07-02-1.gz\n'
            + 'Backup Entry Count : 0\n')
    parsed = parse_backup(text)
    assert parsed['uri'] == '/var/backups/alluxio/alluxio-backup-2024-07-02-1.gz'
    assert parsed['host'] == 'master1'
    assert parsed['entry_count'] == 0
    assert parsed['error'] is None


def test_progress_lines_are_split_on_carriage_returns():
    lines = backup_lines(progress('Running', 5) + 'Backup Host        : m\n')
    assert lines == ['Backup state: Running | Entries processed: 5', 'Backup Host        : m']


@pytest.mark.parametrize('text, uri, host, count', [
    ('Successfully backed up journal to hdfs://nn:8020/alluxio_backups/alluxio-backup-2019-01-01-1.gz\n',
     'hdfs://nn:8020/alluxio_backups/alluxio-backup-2019-01-01-1.gz', None, None),
    ('Successfully backed up journal to /tmp/b/alluxio-backup-2019-01-01-1.gz on master m1\n',
     '/tmp/b/alluxio-backup-2019-01-01-1.gz', 'm1', None),
    ('Successfully backed up journal to hdfs://nn/alluxio_backups/alluxio-backup-2020-1.gz with 57 entries\n',
     'hdfs://nn/alluxio_backups/alluxio-backup-2020-1.gz', None, 57),
    ('Successfully backed up journal to /b/alluxio-backup-2020-1.gz on master m2 with 3 entries\n',
     '/b/alluxio-backup-2020-1.gz', 'm2', 3),
])
def test_18_and_21_output(text, uri, host, count):
    parsed = parse_backup(text)
    assert (parsed['uri'], parsed['host'], parsed['entry_count'], parsed['error']) == (uri, host, count, None)


def test_backup_lost_in_a_failover():
    parsed = parse_backup(progress('Running', 40) + 'Backup lost. Please check Alluxio logs.\n')
    assert parsed['uri'] is None
    assert parsed['state'] == 'Failed'
    assert parsed['entry_count'] == 40
    assert parsed['error'] == 'Backup lost. Please check Alluxio logs.'


def test_exception_message_is_the_error():
    # The shell prints the exception's message on stdout and exits 255.
    text = progress('Initiating') + 'Failed to take a backup: no standby master is available to delegate to\n'
    parsed = parse_backup(text)
    assert parsed['uri'] is None
    assert 'no standby master' in parsed['error']


def test_usage_error_and_empty_output():
    parsed = parse_backup('Unrecognized option: --bypass-delegation\nUsage: backup [directory] [--local]\n')
    assert parsed['uri'] is None
    assert 'Unrecognized option' in parsed['error']
    assert parse_backup('')['error'] == 'no "Backup URI" line in the output'
    assert parse_backup(progress('Running', 1))['error'] == 'no "Backup URI" line in the output'


@pytest.mark.parametrize('kwargs, expected', [
    ({}, ['fsadmin', 'backup']),
    ({'directory': '/alluxio_backups'}, ['fsadmin', 'backup', '/alluxio_backups']),
    ({'directory': '/b', 'local': True, 'allow_leader': True, 'bypass_delegation': True},
     ['fsadmin', 'backup', '/b', '--local', '--allow-leader', '--bypass-delegation']),
    ({'bypass_delegation': True}, ['fsadmin', 'backup', '--bypass-delegation']),
])
def test_backup_args(kwargs, expected):
    assert backup_args(**kwargs) == expected


@pytest.mark.parametrize('version, wanted, missing', [
    ((2, 9, 6), {'local': True, 'allow_leader': True, 'bypass_delegation': True}, []),
    ((2, 9, 0), {'bypass_delegation': True}, []),
    ((2, 5, 0), {'bypass_delegation': True}, ['bypass_delegation']),
    ((2, 3, 0), {'allow_leader': True}, []),
    ((2, 1, 0), {'allow_leader': True, 'local': True}, ['allow_leader']),
    ((1, 8, 1), {'local': True}, []),
    ((1, 2, 0), {}, ['fsadmin backup']),
    (None, {'allow_leader': True, 'bypass_delegation': True}, []),
])
def test_unsupported_backup_options(version, wanted, missing):
    assert unsupported_backup_options(version, **wanted) == missing
