# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_backup: check mode, refusals, and the outcome of a shell whose
output is canned in the 2.9.6 format (bin/alluxio is a stub written here)."""

from __future__ import annotations

import os

from ansible_collections.datalake.alluxio.plugins.modules.alluxio_backup import main

BLANK = ' ' * 75


def stub_cli(dist, stdout, rc=0, stderr=''):
    """Replace bin/alluxio with a script that records its arguments and prints ``stdout``."""
    path = os.path.join(dist.home, 'bin', 'alluxio')
    with open(os.path.join(dist.home, 'out.txt'), 'w') as handle:
        handle.write(stdout)
    with open(path, 'w') as handle:
        handle.write('#!/bin/sh\necho "$@" > "%s/args.txt"\ncat "%s/out.txt"\necho "%s" >&2\nexit %d\n'
                     % (dist.home, dist.home, stderr, rc))
    os.chmod(path, 0o755)


def recorded_args(dist):
    with open(os.path.join(dist.home, 'args.txt')) as handle:
        return handle.read().split()


def test_check_mode_reports_the_command_and_runs_nothing(dist, run_module):
    # The fake distribution's bin/alluxio exits 99: running it would fail the task.
    failed, result = run_module(main, {'alluxio_home': dist.home, 'directory': '/alluxio_backups',
                                       'allow_leader': True, 'bypass_delegation': True}, check_mode=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['cmd'] == [os.path.join(dist.home, 'bin', 'alluxio'), 'fsadmin', 'backup', '/alluxio_backups',
                             '--allow-leader', '--bypass-delegation']
    assert result['backup_uri'] is None and result['rc'] is None


def test_successful_backup_is_parsed(dist, run_module):
    stub_cli(dist, BLANK + '\r Backup state: Running | Entries processed: 3\r' + BLANK + '\r'
             + 'Backup Host        : master2\n'
             + 'Backup URI         : file:///alluxio_backups/alluxio-backup-2024-07-02-1719878400000.gz\n'
             + 'Backup Entry Count : 17\n')
    failed, result = run_module(main, {'alluxio_home': dist.home, 'local': True, 'timeout': 60})
    assert not failed, result
    assert result['changed'] is True
    assert result['backup_uri'] == 'file:///alluxio_backups/alluxio-backup-2024-07-02-1719878400000.gz'
    assert result['backup_host'] == 'master2'
    assert result['entry_count'] == 17
    assert result['rc'] == 0
    assert recorded_args(dist) == ['fsadmin', 'backup', '--local']


def test_failed_backup_names_rc_output_and_what_to_check(dist, run_module):
    stub_cli(dist, 'Failed to take a backup: no standby master\n', rc=255, stderr='ERROR backup failed')
    failed, result = run_module(main, {'alluxio_home': dist.home, 'timeout': 0})
    assert failed
    assert 'exited with 255' in result['msg']
    assert 'no standby master' in result['msg']
    assert 'ERROR backup failed' in result['msg']
    assert 'allow_leader=true' in result['msg']
    assert result['backup_uri'] is None


def test_exit_0_without_a_uri_fails(dist, run_module):
    stub_cli(dist, 'Backup lost. Please check Alluxio logs.\n', rc=0)
    failed, result = run_module(main, {'alluxio_home': dist.home})
    assert failed
    assert 'exited 0 without naming a backup' in result['msg']
    assert 'Backup lost' in result['msg']


def test_options_the_release_lacks_are_refused_before_running(dist, run_module):
    with open(os.path.join(dist.home, 'libexec', 'alluxio-config.sh'), 'w') as handle:
        handle.write('VERSION=2.1.0\n')
    failed, result = run_module(main, {'alluxio_home': dist.home, 'allow_leader': True})
    assert failed
    assert 'Alluxio 2.1.0' in result['msg'] and 'allow_leader' in result['msg']


def test_missing_distribution_and_bad_timeout(run_module, tmp_path, dist):
    failed, result = run_module(main, {'alluxio_home': str(tmp_path / 'none')}, check_mode=True)
    assert failed and 'alluxio_home=%s' % (tmp_path / 'none') in result['msg']
    failed, result = run_module(main, {'alluxio_home': dist.home, 'timeout': -1})
    assert failed and 'timeout=-1' in result['msg']
