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


def test_the_server_is_asked_where_its_zoo_cfg_says_it_listens(zk_server, run_module, tmp_path):
    """zk_server listens on 127.0.0.1 only: a zoo.cfg naming 127.0.0.2 sends the words there, where nobody listens."""
    port = zk_server.members[0].client_port
    config = tmp_path / 'zoo.cfg'
    config.write_text('clientPort=%d\nclientPortAddress=127.0.0.1\n' % port)
    failed, result = run_module(main, {'port': port, 'words': ['ruok'], 'config_file': str(config)})
    assert not failed and result['answers']['ruok'] == 'imok' and result['address'] == '127.0.0.1:%d' % port
    config.write_text('clientPort=%d\nclientPortAddress = 127.0.0.2\n' % port)
    failed, result = run_module(main, {'port': port, 'words': ['ruok'], 'config_file': str(config), 'timeout': 1})
    assert not failed and result['answers']['ruok'] == '' and '127.0.0.2:%d' % port in result['errors']['ruok']
    config.write_text('clientPort=%d\n' % port)
    failed, result = run_module(main, {'port': port, 'words': ['ruok'], 'config_file': str(config)})
    assert not failed and result['address'] == '127.0.0.1:%d' % port


def test_an_unreadable_zoo_cfg_fails(run_module, tmp_path):
    failed, result = run_module(main, {'words': ['ruok'], 'config_file': str(tmp_path / 'absent.cfg')})
    assert failed and 'absent.cfg' in result['msg'] and 'Give host' in result['msg']


def test_listen_host():
    assert zk_4lw.listen_host('clientPortAddress=10.0.1.8\n') == '10.0.1.8'
    assert zk_4lw.listen_host('clientPortAddress=[fd00::8]\n') == 'fd00::8'
    assert zk_4lw.listen_host('clientPort=2181\n') == '127.0.0.1'


def test_the_server_is_asked_at_host_and_port_as_alluxio_lists_it(zk_server, run_module):
    port = zk_server.members[0].client_port
    failed, result = run_module(main, {'address': '127.0.0.1:%d' % port, 'words': ['ruok']})
    assert not failed and result['answers']['ruok'] == 'imok' and result['address'] == '127.0.0.1:%d' % port
    failed, result = run_module(main, {'address': 'zk1', 'words': ['ruok']})
    assert failed and "'zk1' has no ':port'" in result['msg']
