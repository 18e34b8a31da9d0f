# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_process_info on a fake /proc: running vs installed versions."""

from __future__ import annotations

import os

from ansible_collections.datalake.alluxio.plugins.modules.alluxio_process_info import main


def open_jar(proc, pid, jar):
    fd_dir = os.path.join(proc.root, str(pid), 'fd')
    os.makedirs(fd_dir, exist_ok=True)
    os.symlink(jar, os.path.join(fd_dir, '3'))


def test_old_jvm_under_a_switched_link_is_outdated(dist, run_module, proc):
    proc.java(4242, 'alluxio.master.AlluxioMaster')
    open_jar(proc, 4242, '/opt/alluxio-2.9.4/assembly/server/alluxio-core-server-master-2.9.4.jar')
    proc.java(4343, 'alluxio.master.AlluxioJobMaster')
    open_jar(proc, 4343, '/opt/alluxio-2.9.6/assembly/server/alluxio-job-server-2.9.6.jar')
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target_version': '2.9.6'})
    assert not failed, result
    assert result['changed'] is False
    assert result['installed_version'] == '2.9.6'
    assert result['running_versions'] == ['2.9.4', '2.9.6']
    assert result['processes']['master'] == {'pid': 4242, 'version': '2.9.4', 'source': 'open files',
                                             'home': None, 'readable': True}
    assert result['outdated'] == ['master']
    assert result['at_target'] is False


def test_nothing_running_is_at_target(dist, run_module):
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target_version': '2.9.6'}, check_mode=True)
    assert not failed, result
    assert result['processes'] == {}
    assert result['at_target'] is True and result['outdated'] == []


def test_unknown_version_counts_as_outdated_and_no_target_means_null(dist, run_module, proc):
    proc.java(5000, 'alluxio.worker.AlluxioWorker')  # no fd/ to read
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target_version': '2.9.6', 'names': ['worker']})
    assert not failed, result
    assert result['processes']['worker']['version'] is None
    assert result['outdated'] == ['worker']
    failed, result = run_module(main, {'alluxio_home': dist.home})
    assert result['at_target'] is None


def test_bad_target_and_missing_installation(run_module, tmp_path):
    failed, result = run_module(main, {'alluxio_home': str(tmp_path), 'target_version': 'latest'})
    assert failed and 'target_version' in result['msg']
    failed, result = run_module(main, {'alluxio_home': str(tmp_path / 'none')})
    assert not failed and result['installed_version'] is None
