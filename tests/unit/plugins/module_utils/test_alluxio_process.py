# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Matching Alluxio JVMs by main class, and service decisions."""

from __future__ import annotations

import os

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    SERVICES,
    find_pids,
    is_java_with_class,
    plan_service_action,
    split_cmdline,
)

MASTER = 'alluxio.master.AlluxioMaster'
JAVA_MASTER = ('/usr/lib/jvm/java-11/bin/java\0-cp\0/opt/alluxio/conf/:/opt/alluxio/assembly/alluxio-server-2.9.6.jar'
               '\0-Dalluxio.home=/opt/alluxio\0-Xmx384m\0alluxio.master.AlluxioMaster\0')


def test_split_cmdline():
    argv = split_cmdline(JAVA_MASTER.encode())
    assert argv[0] == '/usr/lib/jvm/java-11/bin/java'
    assert argv[-1] == MASTER


@pytest.mark.parametrize('cmdline, main_class, expected', [
    (JAVA_MASTER, MASTER, True),
    # Prefix of another class: the monitor and the job master must not count as the master.
    (JAVA_MASTER.replace('AlluxioMaster\0', 'AlluxioMasterMonitor\0'), MASTER, False),
    (JAVA_MASTER.replace('AlluxioMaster\0', 'AlluxioJobMaster\0'), MASTER, False),
    (JAVA_MASTER.replace('AlluxioMaster\0', 'AlluxioJobMaster\0'), 'alluxio.master.AlluxioJobMaster', True),
    # grep/pgrep/bash lines that mention the class are not the JVM.
    ('grep\0alluxio.master.AlluxioMaster\0', MASTER, False),
    ('/bin/bash\0/opt/alluxio/bin/launch-process\0master\0', MASTER, False),
    ('bash\0-c\0java alluxio.master.AlluxioMaster\0', MASTER, False),
    ('java\0alluxio.worker.AlluxioWorker\0', 'alluxio.worker.AlluxioWorker', True),
    ('java\0alluxio.worker.AlluxioWorker\0', 'alluxio.worker.AlluxioJobWorker', False),
    ('', MASTER, False),
])
def test_is_java_with_class(cmdline, main_class, expected):
    assert is_java_with_class(split_cmdline(cmdline), main_class) is expected


def test_find_pids_on_a_fake_proc_tree(tmp_path):
    def proc(pid, cmdline):
        os.makedirs(tmp_path / str(pid))
        (tmp_path / str(pid) / 'cmdline').write_bytes(cmdline.encode())

    proc(120, JAVA_MASTER)
    proc(7, JAVA_MASTER.replace('AlluxioMaster\0', 'AlluxioJobMaster\0'))
    proc(30, 'grep\0alluxio.master.AlluxioMaster\0')
    proc(31, '')  # kernel thread: empty cmdline
    os.makedirs(tmp_path / 'self')
    os.makedirs(tmp_path / '99')  # ended between listdir and open: no cmdline file
    assert find_pids(MASTER, str(tmp_path)) == [120]
    assert find_pids('alluxio.master.AlluxioJobMaster', str(tmp_path)) == [7]
    assert find_pids('alluxio.proxy.AlluxioProxy', str(tmp_path)) == []


def test_service_table_covers_the_release_processes():
    assert {spec['main_class'] for spec in SERVICES.values()} == {
        'alluxio.master.AlluxioMaster', 'alluxio.worker.AlluxioWorker', 'alluxio.master.AlluxioJobMaster',
        'alluxio.worker.AlluxioJobWorker', 'alluxio.proxy.AlluxioProxy'}


@pytest.mark.parametrize('state, running, actions', [
    ('started', False, ['start']),
    ('started', True, []),
    ('stopped', True, ['stop']),
    ('stopped', False, []),
    ('restarted', True, ['stop', 'start']),
    ('restarted', False, ['start']),
])
def test_plan_service_action(state, running, actions):
    assert plan_service_action(state, running) == actions


def test_plan_rejects_unknown_state():
    with pytest.raises(ValueError):
        plan_service_action('reloaded', True)
