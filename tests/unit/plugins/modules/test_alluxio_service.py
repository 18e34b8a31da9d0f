# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_service in check mode: the planned scripts for each state."""

from __future__ import annotations

import os
import pwd

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


def test_started_restarts_a_process_older_than_its_configuration(dist, run_module, proc):
    # The JVM started 100 s ago; the properties file was written just now.
    proc.java(4242, 'alluxio.master.AlluxioMaster', started_ticks_ago=10000)
    site = os.path.join(dist.home, 'conf', 'alluxio-site.properties')
    env = os.path.join(dist.home, 'conf', 'alluxio-env.sh')
    dist.env('')
    old = os.path.getmtime(site) - 500
    os.utime(env, (old, old))
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'master', 'manager': 'scripts',
                                       'restart_if_changed': [site, env, '/nonexistent']}, check_mode=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['restart_reasons'] == ['changed since the process started: %s' % site]
    bin_dir = os.path.join(dist.home, 'bin')
    assert result['cmd'] == [[os.path.join(bin_dir, 'alluxio-stop.sh'), 'master'],
                             [os.path.join(bin_dir, 'alluxio-start.sh'), '-a', 'master']]
    assert result['started_at'] < os.path.getmtime(site)


def test_started_leaves_a_process_newer_than_its_configuration(dist, run_module, proc):
    proc.java(4242, 'alluxio.master.AlluxioMaster', started_ticks_ago=10000)
    site = os.path.join(dist.home, 'conf', 'alluxio-site.properties')
    old = os.path.getmtime(site) - 500
    os.utime(site, (old, old))
    failed, result = run_module(main, {'alluxio_home': dist.home, 'name': 'master', 'manager': 'scripts',
                                       'restart_if_changed': [site]}, check_mode=True)
    assert not failed, result
    assert result['changed'] is False
    assert result['restart_reasons'] == []


def test_one_x_scripts_get_no_async_flag(tmp_path, run_module):
    from conftest import Dist  # pylint: disable=import-error
    old = Dist(tmp_path / 'alluxio-1.2.0', version='1.2.0')
    failed, result = run_module(main, {'alluxio_home': old.home, 'name': 'worker', 'mount': 'SudoMount'},
                                check_mode=True)
    assert not failed, result
    assert result['cmd'] == [[os.path.join(old.home, 'bin', 'alluxio-start.sh'), 'worker', 'SudoMount']]


@pytest.fixture
def systemd_unit(monkeypatch):
    """The module sees a unit owning (or not) the running JVM."""
    from ansible_collections.datalake.alluxio.plugins.modules import alluxio_service
    # The unit runs as this test's user, who owns the fake /proc entries.
    state = {'MainPID': '0', 'ActiveState': 'inactive', 'User': pwd.getpwuid(os.getuid()).pw_name}
    monkeypatch.setattr(alluxio_service.ServiceRunner, 'unit_property', lambda self, prop: state[prop])
    return state


@pytest.fixture
def systemd_plan(dist, run_module, systemd_unit):
    """The plan (check mode) of alluxio_service for a process under systemd."""
    def plan(name='worker', **params):
        failed, result = run_module(main, dict({'alluxio_home': dist.home, 'name': name, 'manager': 'systemd'},
                                               **params), check_mode=True)
        assert not failed, result
        return result
    return plan


def test_systemd_manager_plans_systemctl(systemd_plan):
    result = systemd_plan('job_master')
    assert result['manager'] == 'systemd'
    assert result['unit'] == 'alluxio-job-master'
    assert [cmd[1:] for cmd in result['cmd']] == [['start', 'alluxio-job-master']]


def test_systemd_takes_over_a_jvm_the_scripts_started(proc, systemd_unit, systemd_plan):
    proc.java(4242, 'alluxio.worker.AlluxioWorker', started_ticks_ago=100)
    result = systemd_plan()
    assert result['changed'] is True
    assert result['restart_reasons'] == ['runs outside its systemd unit alluxio-worker']
    # Stopped by its PID: root runs none of the release's scripts for it.
    assert result['cmd'][0] == ['kill', '-TERM', '4242']
    assert [cmd[1:] for cmd in result['cmd'][1:]] == [['stop', 'alluxio-worker'], ['start', 'alluxio-worker']]


def test_systemd_stops_a_fake_jvm_beside_its_own_without_a_restart(proc, systemd_unit, systemd_plan):
    # The service account starts `exec -a java ... alluxio.worker.AlluxioWorker` beside the unit's JVM.
    proc.java(4242, 'alluxio.worker.AlluxioWorker', started_ticks_ago=100)
    proc.java(4300, 'alluxio.worker.AlluxioWorker', started_ticks_ago=50)
    systemd_unit.update(MainPID='4242', ActiveState='active')
    result = systemd_plan()
    assert result['changed'] is True
    assert result['pid'] == 4242
    assert result['restart_reasons'] == []
    assert result['cmd'] == [['kill', '-TERM', '4300']]


def test_systemd_ignores_a_jvm_of_another_uid(proc, systemd_unit, systemd_plan):
    proc.java(4242, 'alluxio.worker.AlluxioWorker', started_ticks_ago=100)
    systemd_unit.update(User='root' if os.getuid() != 0 else 'nobody')
    result = systemd_plan()
    assert result['pid'] is None
    assert [cmd[1:] for cmd in result['cmd']] == [['start', 'alluxio-worker']]


def test_systemd_leaves_its_own_jvm_alone(proc, systemd_unit, systemd_plan):
    proc.java(4242, 'alluxio.worker.AlluxioWorker', started_ticks_ago=100)
    systemd_unit.update(MainPID='4242', ActiveState='active')
    result = systemd_plan()
    assert result['changed'] is False


def test_systemd_stops_a_unit_waiting_to_restart(proc, systemd_unit, systemd_plan):
    # The JVM crashed and systemd is about to start it again: stopped must stop the unit.
    systemd_unit.update(ActiveState='activating')
    result = systemd_plan(state='stopped')
    assert result['changed'] is True
    assert [cmd[1:] for cmd in result['cmd']] == [['stop', 'alluxio-worker']]


class Module:
    """What ServiceRunner and AlluxioInstall read of an AnsibleModule."""
    check_mode = True
    params = {}

    @staticmethod
    def get_bin_path(name, required=False):
        return '/usr/bin/' + name


def test_masters_asked_for_readiness(dist):
    """Its own web API first, then conf/masters, the embedded and RPC addresses, the master host name."""
    from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import AlluxioInstall
    from ansible_collections.datalake.alluxio.plugins.modules.alluxio_service import ServiceRunner, masters_file_hosts

    with open(os.path.join(dist.home, 'conf', 'masters'), 'w') as handle:
        handle.write('# Ansible managed\nmaster1\nmaster2  # the standby\n\n')
    dist.site({'alluxio.master.hostname': 'master2', 'alluxio.master.web.port': '19999',
               'alluxio.master.embedded.journal.addresses': 'master1:19200,master3:19200'})

    inst = AlluxioInstall(Module(), dist.home, None)
    assert masters_file_hosts(os.path.join(dist.home, 'conf', 'masters')) == ['master1', 'master2']
    assert masters_file_hosts(os.path.join(dist.home, 'conf', 'absent')) == []
    runner = ServiceRunner(Module(), inst, 'master', 'scripts', 'alluxio-master')
    assert runner.master_web_bases() == ['http://127.0.0.1:19999', 'http://master1:19999', 'http://master2:19999',
                                         'http://master3:19999']
    assert runner.own_host() == 'master2'
    assert runner.knows_other_masters()
    # Set up by hand for ZooKeeper HA: the release's conf/masters names localhost only.
    with open(os.path.join(dist.home, 'conf', 'masters'), 'w') as handle:
        handle.write('localhost\n')
    dist.site({'alluxio.master.hostname': 'master2', 'alluxio.zookeeper.enabled': 'true'})
    alone = ServiceRunner(Module(), AlluxioInstall(Module(), dist.home, None), 'master', 'scripts', 'alluxio-master')
    assert not alone.knows_other_masters()


def test_the_shell_is_asked_only_when_no_other_master_is_known(dist, monkeypatch):
    """ZooKeeper HA set up by hand (conf/masters: localhost): a standby asks the shell, at most every 15 s."""
    from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import AlluxioInstall
    from ansible_collections.datalake.alluxio.plugins.modules import alluxio_service

    with open(os.path.join(dist.home, 'conf', 'masters'), 'w') as handle:
        handle.write('localhost\n')
    dist.site({'alluxio.master.hostname': 'm2', 'alluxio.zookeeper.enabled': 'true'})

    asked = []
    monkeypatch.setattr(alluxio_service, 'leader_query', lambda inst: asked.append(1) or (
        [], 0, '', {'leader': {'host': 'm1'}, 'masters': [{'host': 'm1'}, {'host': 'm2'}]}))
    runner = alluxio_service.ServiceRunner(Module(), AlluxioInstall(Module(), dist.home, None), 'master', 'scripts',
                                           'alluxio-master')
    monkeypatch.setattr(runner, 'ask_masters', lambda endpoint: (None, ['refused']))
    assert runner.primary_answer('webui_masters', may_ask_shell=lambda: False) == (None, ['refused'])
    assert not asked
    runner.primary_answer('webui_masters', may_ask_shell=lambda: True)
    runner.primary_answer('webui_masters', may_ask_shell=lambda: True)
    assert len(asked) == 1
    assert 'http://m1:19999' in runner.master_web_bases()
