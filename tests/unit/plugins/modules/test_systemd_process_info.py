# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""systemd_process_info: the unit's main process against file times."""

from __future__ import annotations

import os

import pytest

from ansible_collections.datalake.alluxio.plugins.modules import systemd_process_info


@pytest.fixture
def main_pid(monkeypatch):
    """The PID systemctl show reports for the unit."""
    state = {'pid': '0'}

    def fake_run_command(self, argv, **_kwargs):
        assert argv[1:] == ['show', '-p', 'MainPID', '--value', 'zookeeper']
        return 0, state['pid'] + '\n', ''

    monkeypatch.setattr(systemd_process_info.AnsibleModule, 'run_command', fake_run_command)
    monkeypatch.setattr(systemd_process_info.AnsibleModule, 'get_bin_path', lambda self, name, **kw: '/bin/' + name)
    return state


def test_stale_when_a_file_is_newer_than_the_process(main_pid, proc, run_module, tmp_path):
    proc.java(4242, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', started_ticks_ago=6000)
    main_pid['pid'] = '4242'
    config = tmp_path / 'zoo.cfg'
    config.write_text('tickTime=2000\n')
    old = tmp_path / 'myid'
    old.write_text('1\n')
    os.utime(old, (1000, 1000))
    failed, result = run_module(systemd_process_info.main,
                                {'unit': 'zookeeper', 'paths': [str(config), str(old), str(tmp_path / 'gone')]})
    assert not failed, result
    assert result['running'] and result['pid'] == 4242
    assert result['changed_paths'] == [str(config)]
    assert result['stale'] is True and result['changed'] is False


def test_not_stale_when_nothing_runs(main_pid, run_module, tmp_path):
    config = tmp_path / 'zoo.cfg'
    config.write_text('tickTime=2000\n')
    failed, result = run_module(systemd_process_info.main, {'unit': 'zookeeper', 'paths': [str(config)]})
    assert not failed, result
    assert result == dict(result, running=False, pid=None, started_at=None, changed_paths=[], stale=False)
