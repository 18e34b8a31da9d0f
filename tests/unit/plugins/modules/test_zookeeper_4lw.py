# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""zookeeper_4lw against a real standalone ZooKeeper (tests/unit/zk_server.py), and
the answers of a port nobody listens on."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils import zk_4lw
from ansible_collections.datalake.alluxio.plugins.modules.zookeeper_4lw import main

from zk_server import free_ports  # noqa: E402  (tests/unit is on sys.path through conftest)


def test_a_serving_server_answers(zk_server, run_module):
    port = zk_server.members[0].client_port
    failed, result = run_module(main, {'port': port, 'words': ['ruok', 'srvr', 'mntr']}, check_mode=True)
    assert not failed, result
    assert result['changed'] is False and result['errors'] == {}
    assert result['answers']['ruok'] == 'imok'
    assert result['answers']['srvr']['Mode'] == 'standalone'
    assert result['answers']['mntr']['zk_server_state'] == 'standalone'
    assert int(result['answers']['mntr']['zk_znode_count']) > 0


def test_a_server_that_is_down_is_an_answer_not_a_failure(run_module):
    port = free_ports(1)[0]
    failed, result = run_module(main, {'port': port, 'words': ['ruok', 'mntr'], 'timeout': 1})
    assert not failed, result
    assert result['answers'] == {'ruok': '', 'mntr': {}}
    assert set(result['errors']) == {'ruok', 'mntr'}
    assert ('127.0.0.1:%d' % port) in result['errors']['ruok']


def test_parse_forms():
    assert zk_4lw.parse('ruok', 'imok\n') == 'imok'
    assert zk_4lw.parse('mntr', 'zk_version\t3.8.4\nzk_server_state\tleader\n') == {
        'zk_version': '3.8.4', 'zk_server_state': 'leader'}
    assert zk_4lw.parse('srvr', 'Zookeeper version: 3.8.4\nMode: follower\n')['Mode'] == 'follower'
    assert zk_4lw.parse('conf', 'clientPort=2181\ndataDir=/var/lib/zookeeper\n')['clientPort'] == '2181'
