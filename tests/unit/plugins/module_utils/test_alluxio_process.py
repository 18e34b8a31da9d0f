# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Matching Alluxio JVMs by main class, and service decisions."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_process

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


def test_find_pids_keeps_only_the_given_uid(tmp_path):
    # The tree belongs to this test's uid: its JVM line counts for that uid only.
    os.makedirs(tmp_path / '120')
    (tmp_path / '120' / 'cmdline').write_bytes(JAVA_MASTER.encode())
    assert find_pids(MASTER, str(tmp_path), uid=os.getuid()) == [120]
    assert find_pids(MASTER, str(tmp_path), uid=os.getuid() + 1) == []


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


def test_process_started_at_from_proc_stat_and_uptime(tmp_path):
    (tmp_path / 'uptime').write_text('500.50 900.00\n')
    (tmp_path / '77').mkdir()
    # The command name may hold spaces and parentheses.
    fields = ['S'] + ['0'] * 18 + ['25050'] + ['0'] * 5
    (tmp_path / '77' / 'stat').write_text('77 (java (x) y) %s\n' % ' '.join(fields))
    started = alluxio_process.process_started_at(77, proc_root=str(tmp_path), now=10000.0)
    # Booted at 10000 - 500.5; started 250.5 s after boot.
    assert started == pytest.approx(10000.0 - 500.5 + 250.5)
    assert alluxio_process.process_started_at(78, proc_root=str(tmp_path)) is None


def test_changed_since_uses_the_link_itself(tmp_path):
    target = tmp_path / 'alluxio-2.9.6'
    target.mkdir()
    link = tmp_path / 'alluxio'
    link.symlink_to(target)
    os.utime(link, (1000, 1000), follow_symlinks=False)
    os.utime(target, (5000, 5000))
    assert alluxio_process.changed_since([str(link), str(tmp_path / 'missing')], 2000) == []
    os.utime(link, (3000, 3000), follow_symlinks=False)
    assert alluxio_process.changed_since([str(link)], 2000) == [str(link)]


@pytest.mark.parametrize('version, target, mount, args', [
    ((2, 9, 6), 'worker', 'NoMount', ['-a', 'worker', 'NoMount']),
    ((2, 9, 6), 'master', 'NoMount', ['-a', 'master']),
    (None, 'job_master', None, ['-a', 'job_master']),
    # 1.2.0's getopts takes -hNw only (usage: alluxio-start.sh [-hNw] ACTION [MOPT]).
    ((1, 2, 0), 'worker', 'SudoMount', ['worker', 'SudoMount']),
    ((1, 8, 1), 'master', None, ['master']),
])
def test_start_script_args_follow_each_version(version, target, mount, args):
    assert alluxio_process.start_script_args(version, target, mount) == args


@pytest.mark.parametrize('service, unit', [
    ('master', 'alluxio-master'), ('job_worker', 'alluxio-job-worker'), ('proxy', 'alluxio-proxy')])
def test_unit_name(service, unit):
    assert alluxio_process.unit_name(service) == unit


@pytest.mark.parametrize('version, expected', [((2, 0, 1), False), ((2, 1, 0), True), ((2, 9, 6), True), (None, True)])
def test_has_launch_process(version, expected):
    assert alluxio_process.has_launch_process(version) is expected


# The option letters each release's alluxio-start.sh parses (its getopts
# string), as read from the scripts: 1.2.0 `getopts "hNw"`, 2.x `getopts
# "ahNwi:"` (2.9's usage line still prints [-hNwm]).
START_SCRIPT_GETOPTS = {(1, 2, 0): 'hNw', (1, 8, 1): 'hNwm', (2, 9, 6): 'ahNwi:'}


@pytest.mark.parametrize('version', sorted(START_SCRIPT_GETOPTS))
@pytest.mark.parametrize('target', ['master', 'worker', 'job_master'])
def test_start_script_args_only_use_options_the_release_parses(version, target):
    if version[0] < 2 and target == 'job_master':
        pytest.skip('1.x has no job service')
    args = alluxio_process.start_script_args(version, target, 'NoMount')
    options = [arg[1:] for arg in args if arg.startswith('-')]
    assert all(option in START_SCRIPT_GETOPTS[version].replace(':', '') for option in options), (version, args)
    assert args[len(options)] == target


@pytest.mark.parametrize('value, expected', [
    ('60s', 60000), ('10000', 10000), (10000, 10000), ('2min', 120000), ('1 h', 3600000), (' 500MS ', 500),
    ('3m', 180000), ('10 GB', None), ('1.5s', None), ('', None), ('-1', None), ('60 seconds', None),
])
def test_duration_ms(value, expected):
    assert alluxio_process.duration_ms(value) == expected


@pytest.mark.parametrize('value, expected', [
    ('/srv/journal', True), ('file:///srv/journal', True), ('FILE:///x', True), ('relative/dir', True),
    ('hdfs://nn:8020/journal', False), ('s3://bucket/x', False), ('alluxio://m:19998/', False),
])
def test_is_local_path(value, expected):
    assert alluxio_process.is_local_path(value) is expected
