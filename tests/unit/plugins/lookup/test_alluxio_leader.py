# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""datalake.alluxio.alluxio_leader against a real standalone ZooKeeper.

Znodes are written the way Alluxio masters write them: 2.x an EPHEMERAL
``host:rpcport`` child of /alluxio/leader owned by a live session, 1.x
PERSISTENT children of /leader that stay behind after a crash.
"""

from __future__ import annotations

import threading
import time

import pytest

from ansible.errors import AnsibleError, AnsibleLookupError
from kazoo.security import make_digest_acl

from zk_server import free_ports

LEADER = '/alluxio/leader'


def become_leader(session, name, path=LEADER, ephemeral=True):
    """What an Alluxio master does once elected: (re)create <path>/<host:port>."""
    node = '%s/%s' % (path, name)
    if session.exists(node):
        session.delete(node)
    session.create(node, ephemeral=ephemeral, makepath=True)


def legacy_leaders(session, names, path='/leader'):
    """Alluxio 1.x: PERSISTENT children, created in order so ctimes increase."""
    for name in names:
        become_leader(session, name, path=path, ephemeral=False)
        time.sleep(0.03)


def test_alluxio_2_ephemeral_leader_default_path(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    assert alluxio_leader(hosts=zk.hosts) == ['master1:19998']
    assert alluxio_leader(hosts=zk.hosts, format='host') == ['master1']


def test_dict_format(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    ctime = zk.client.exists(LEADER + '/master1:19998').ctime
    [result] = alluxio_leader(hosts=zk.hosts, format='dict')
    assert result == {
        'name': 'master1:19998', 'host': 'master1', 'port': 19998, 'ctime': ctime, 'path': LEADER,
        'candidates': [{'name': 'master1:19998', 'host': 'master1', 'port': 19998, 'ctime': ctime}],
    }
    assert abs(ctime / 1000.0 - time.time()) < 60


def test_alluxio_1_stale_persistent_children_newest_ctime_wins(zk, alluxio_leader):
    # Names sort the opposite way from creation so only ctime can pick the leader.
    legacy_leaders(zk.client, ['zz-crashed:19998', 'mm-crashed:19998', 'aa-current:19998'])
    [result] = alluxio_leader(hosts=zk.hosts, leader_path='/leader', format='dict')
    assert result['name'] == 'aa-current:19998'
    assert [c['name'] for c in result['candidates']] == \
        ['aa-current:19998', 'mm-crashed:19998', 'zz-crashed:19998']
    ctimes = [c['ctime'] for c in result['candidates']]
    assert ctimes == sorted(ctimes, reverse=True) and ctimes[0] > ctimes[-1]
    assert alluxio_leader('/leader', hosts=zk.hosts) == ['aa-current:19998']


def test_a_restarted_master_that_recreates_its_node_wins_again(zk, alluxio_leader):
    legacy_leaders(zk.client, ['m1:19998', 'm2:19998'])
    become_leader(zk.client, 'm1:19998', path='/leader', ephemeral=False)
    assert alluxio_leader(hosts=zk.hosts, leader_path='/leader') == ['m1:19998']


def test_terms_are_leader_paths_one_result_each(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    become_leader(zk.client, 'master2:20001', path='/alluxio/job_leader')
    assert alluxio_leader('/alluxio/leader', '/alluxio/job_leader', hosts=zk.hosts) == \
        ['master1:19998', 'master2:20001']


def test_empty_leader_path(zk, alluxio_leader):
    zk.client.ensure_path(LEADER)
    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=zk.hosts)
    message = str(err.value)
    assert 'no Alluxio leader' in message and 'has no children' in message
    assert zk.hosts in message and LEADER in message


def test_missing_leader_path(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=zk.hosts, leader_path='/leader')
    message = str(err.value)
    assert '/leader does not exist' in message and zk.hosts in message
    assert 'leader_path' in message


def test_leader_that_is_not_host_port(zk, alluxio_leader):
    legacy_leaders(zk.client, ['master1:19998', 'garbage'])
    with pytest.raises(AnsibleLookupError, match="'garbage', which is not host:port"):
        alluxio_leader(hosts=zk.hosts, leader_path='/leader')


def test_ipv6_leader_node(zk, alluxio_leader):
    become_leader(zk.client, 'fd00::5:19998')
    assert alluxio_leader(hosts=zk.hosts) == ['[fd00::5]:19998']
    assert alluxio_leader(hosts=zk.hosts, format='host') == ['fd00::5']


def test_digest_acl_requires_auth(zk, alluxio_leader):
    owner = zk.new_session(auth_data=[('digest', 'alluxio:s3cret-pw')])
    acl = [make_digest_acl('alluxio', 's3cret-pw', all=True)]
    owner.create('/alluxio', acl=acl)
    owner.create(LEADER, acl=acl)
    owner.create(LEADER + '/master1:19998', acl=acl, ephemeral=True)

    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=zk.hosts)
    assert 'not authorized to read /alluxio/leader' in str(err.value)
    assert 'set auth' in str(err.value)

    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=zk.hosts, auth='alluxio:wrong-pw')
    assert 'not authorized' in str(err.value) and 'wrong-pw' not in str(err.value)

    assert alluxio_leader(hosts=zk.hosts, auth='alluxio:s3cret-pw') == ['master1:19998']


def test_exclude_waits_for_a_new_leader(zk, alluxio_leader):
    old = zk.new_session()
    become_leader(old, 'master1:19998')

    def failover():
        time.sleep(1.5)
        old.stop()  # the old leader's session ends: its ephemeral node goes
        time.sleep(0.3)
        become_leader(zk.new_session(), 'master2:19998')

    thread = threading.Thread(target=failover)
    thread.start()
    try:
        started = time.monotonic()
        [result] = alluxio_leader(hosts=zk.hosts, exclude='master1:19998', wait=20, format='dict')
        elapsed = time.monotonic() - started
    finally:
        thread.join()
    assert result['name'] == 'master2:19998'
    assert 1.0 < result['waited'] < 10
    assert elapsed < 10


def test_exclude_times_out(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=zk.hosts, exclude='master1:19998', wait=1.2)
    assert 1.1 < time.monotonic() - started < 6
    message = str(err.value)
    assert 'timed out after 1.2s' in message and 'other than master1:19998' in message
    assert 'the leader is still master1:19998' in message and zk.hosts in message


def test_exclude_without_wait_checks_once(zk, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    with pytest.raises(AnsibleLookupError, match='timed out after 0'):
        alluxio_leader(hosts=zk.hosts, exclude='master1')
    [result] = alluxio_leader(hosts=zk.hosts, exclude='master2:19998', format='dict')
    assert result['name'] == 'master1:19998' and result['waited'] < 1


def test_exclude_ignores_older_stale_children(zk, alluxio_leader):
    legacy_leaders(zk.client, ['master2:19998', 'master1:19998'])
    with pytest.raises(AnsibleLookupError, match='still master1:19998'):
        alluxio_leader(hosts=zk.hosts, leader_path='/leader', exclude='master1:19998', wait=0.5)

    def new_leader():
        time.sleep(1.2)
        become_leader(zk.client, 'master3:19998', path='/leader', ephemeral=False)

    thread = threading.Thread(target=new_leader)
    thread.start()
    try:
        [result] = alluxio_leader(hosts=zk.hosts, leader_path='/leader', exclude='master1:19998',
                                  wait=15, format='dict')
    finally:
        thread.join()
    assert result['name'] == 'master3:19998' and result['waited'] > 1


def test_wait_survives_a_missing_leader_path(zk, alluxio_leader):
    def elected_later():
        time.sleep(1.0)
        become_leader(zk.client, 'master2:19998')

    thread = threading.Thread(target=elected_later)
    thread.start()
    try:
        assert alluxio_leader(hosts=zk.hosts, exclude='master1:19998', wait=15) == ['master2:19998']
    finally:
        thread.join()


def test_unreachable_ensemble(alluxio_leader):
    ports = free_ports(2)
    hosts = ['127.0.0.1:%d' % port for port in ports]
    started = time.monotonic()
    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=hosts, timeout=1, retries=1, auth='user:topsecret')
    assert time.monotonic() - started < 8
    message = str(err.value)
    assert 'cannot connect to the ZooKeeper ensemble %s' % ','.join(hosts) in message
    assert '2 attempts of 1.0s' in message and 'Connection' in message
    assert 'topsecret' not in message


def test_hosts_from_environment(zk, alluxio_leader, monkeypatch):
    become_leader(zk.client, 'master1:19998')
    monkeypatch.setenv('ALLUXIO_ZK_HOSTS', zk.hosts)
    assert alluxio_leader() == ['master1:19998']


def test_hosts_as_list_and_string(zk, zk_server, alluxio_leader):
    become_leader(zk.client, 'master1:19998')
    # kazoo takes the chroot from the end of the connection string
    assert alluxio_leader(hosts=['127.0.0.1:%d' % zk_server.members[0].client_port, zk.hosts]) == \
        ['master1:19998']
    assert alluxio_leader(hosts='localhost:%d,%s' % (zk_server.members[0].client_port, zk.hosts)) == \
        ['master1:19998']


def test_no_hosts(alluxio_leader, monkeypatch):
    monkeypatch.delenv('ALLUXIO_ZK_HOSTS', raising=False)
    with pytest.raises(AnsibleLookupError, match='set hosts .* or the environment variable ALLUXIO_ZK_HOSTS'):
        alluxio_leader()


@pytest.mark.parametrize('options, match', [
    ({'leader_path': 'alluxio/leader'}, 'absolute ZooKeeper path'),
    ({'leader_path': '/alluxio/leader/'}, 'without a trailing /'),
    ({'exclude': 'master1:notaport'}, 'exclude must be host:port'),
    ({'wait': -1}, 'wait must be 0 or more'),
    ({'timeout': 0}, 'timeout must be more than 0'),
    ({'retries': -1}, 'retries must be 0 or more'),
    ({'format': 'yaml'}, 'format'),
])
def test_invalid_options(alluxio_leader, options, match):
    with pytest.raises(AnsibleError, match=match):
        alluxio_leader(hosts='127.0.0.1:1', **options)


def test_relative_term_is_rejected(alluxio_leader):
    with pytest.raises(AnsibleLookupError, match=r"\(term\) must be an absolute"):
        alluxio_leader('alluxio/leader', hosts='127.0.0.1:1')
