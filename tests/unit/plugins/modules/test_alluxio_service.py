# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_service in check mode: the planned scripts for each state."""

from __future__ import annotations

import os

import pytest

from ansible_collections.datalake.alluxio.plugins.modules.alluxio_service import main


@pytest.mark.parametrize('state, changed, scripts', [
    ('started', True, [['alluxio-start.sh', '-a', 'worker', 'Mount']]),
    ('restarted', True, [['alluxio-start.sh', '-a', 'worker', 'Mount']]),
    ('stopped', False, []),
])
def test_not_running_plans(dist, run_module, state, changed, scripts):
    # No AlluxioWorker JVM runs where the unit tests run.
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'worker', 'state': state,
                                       'mount': 'Mount'}, check_mode=True)
    assert not failed, result
    assert result['changed'] is changed
    bin_dir = os.path.join(dist.home, 'bin')
    assert result['cmd'] == [[os.path.join(bin_dir, s[0])] + s[1:] for s in scripts]
    assert result['pid'] is None
    assert result['log'] == os.path.join(dist.home, 'logs', 'worker.log')


def test_mount_is_only_for_workers(dist, run_module):
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'job_master', 'mount': 'SudoMount'},
                                check_mode=True)
    assert not failed, result
    assert result['cmd'] == [[os.path.join(dist.home, 'bin', 'alluxio-start.sh'), '-a', 'job_master']]


def test_logs_dir_from_env_sh(dist, run_module, tmp_path):
    dist.env('ALLUXIO_LOGS_DIR=%s\n' % (tmp_path / 'logs'))
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'master'}, check_mode=True)
    assert not failed, result
    assert result['log'] == str(tmp_path / 'logs' / 'master.log')


@pytest.mark.parametrize('state, changed, scripts', [
    ('started', False, []),
    ('stopped', True, [['alluxio-stop.sh', 'master']]),
    ('restarted', True, [['alluxio-stop.sh', 'master'], ['alluxio-start.sh', '-a', 'master']]),
])
def test_running_master_plans(dist, run_module, proc, state, changed, scripts):
    proc.java(4242, 'alluxio.master.AlluxioMaster')
    proc.java(4343, 'alluxio.master.AlluxioJobMaster')  # not the master, despite the prefix
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'master', 'state': state},
                                check_mode=True)
    assert not failed, result
    assert result['changed'] is changed
    assert result['pid'] == 4242
    bin_dir = os.path.join(dist.home, 'bin')
    assert result['cmd'] == [[os.path.join(bin_dir, s[0])] + s[1:] for s in scripts]


def test_started_on_a_running_master_runs_nothing_even_without_check_mode(dist, run_module, proc):
    # bin/ scripts of the fake distribution exit 99: reaching them would fail the task.
    proc.java(4242, 'alluxio.master.AlluxioMaster')
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'master'})
    assert not failed, result
    assert result['changed'] is False
    assert result['pid'] == 4242
    assert result['ready'] is None
