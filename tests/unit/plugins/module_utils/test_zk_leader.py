# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Pure leader-choice logic of plugins/module_utils/zk_leader.py (no ZooKeeper)."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils import zk_leader
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_leader import Candidate


@pytest.mark.parametrize('name, expected', [
    ('master1:19998', ('master1', 19998)),
    ('10.0.0.5:19998', ('10.0.0.5', 19998)),
    ('master-1.example.com:1', ('master-1.example.com', 1)),
    ('[::1]:19998', ('::1', 19998)),
    ('[fe80::1%eth0]:19998', ('fe80::1%eth0', 19998)),
    ('fd00::5:19998', ('fd00::5', 19998)),
    (' master1:19998 ', ('master1', 19998)),
])
def test_parse_host_port(name, expected):
    assert zk_leader.parse_host_port(name) == expected


@pytest.mark.parametrize('name', ['', 'master1', 'master1:', ':19998', 'master1:abc', 'master1:0',
                                  'master1:65536', '[::1]', '[::1]19998', '[::1:19998'])
def test_parse_host_port_rejects(name):
    with pytest.raises(ValueError):
        zk_leader.parse_host_port(name)


@pytest.mark.parametrize('value, expected', [
    ('master1:19998', ('master1', 19998)),
    ('master1', ('master1', None)),
    ('[::1]:19998', ('::1', 19998)),
    ('[::1]', ('::1', None)),
    ('fd00::5', ('fd00::5', None)),
])
def test_parse_exclude(value, expected):
    assert zk_leader.parse_exclude(value) == expected


@pytest.mark.parametrize('value', ['master1:', 'master1:x', ':19998', ''])
def test_parse_exclude_rejects(value):
    with pytest.raises(ValueError):
        zk_leader.parse_exclude(value)


def test_format_host_port_brackets_ipv6():
    assert zk_leader.format_host_port('master1', 19998) == 'master1:19998'
    assert zk_leader.format_host_port('::1', 19998) == '[::1]:19998'


def test_single_child_is_leader():
    only = zk_leader.make_candidate('m1:19998', 5)
    assert zk_leader.choose_leader([only]) == only


def test_largest_ctime_wins_not_name_or_order():
    stale_old = zk_leader.make_candidate('z-old:19998', 1000)
    stale = zk_leader.make_candidate('m-stale:19998', 2000)
    newest = zk_leader.make_candidate('a-new:19998', 3000)
    assert zk_leader.choose_leader([stale_old, newest, stale]) == newest
    assert [c.name for c in zk_leader.sort_candidates([stale_old, newest, stale])] == \
        ['a-new:19998', 'm-stale:19998', 'z-old:19998']


def test_ctime_tie_is_stable():
    first = zk_leader.make_candidate('m2:19998', 7)
    second = zk_leader.make_candidate('m1:19998', 7)
    assert zk_leader.choose_leader([first, second]).name == 'm1:19998'
    assert zk_leader.choose_leader([second, first]).name == 'm1:19998'


def test_no_candidates():
    assert zk_leader.choose_leader([]) is None


def test_make_candidate_keeps_unparsable_names():
    assert zk_leader.make_candidate('garbage', '12') == Candidate('garbage', None, None, 12)


@pytest.mark.parametrize('exclude, excluded', [
    (('m1', 19998), True),
    (('M1', 19998), True),
    (('m1', 19999), False),
    (('m1', None), True),
    (('m2', None), False),
    (None, False),
])
def test_is_excluded(exclude, excluded):
    assert zk_leader.is_excluded(zk_leader.make_candidate('m1:19998', 1), exclude) is excluded


@pytest.mark.parametrize('hosts, expected', [
    ('zk1:2181,zk2:2181', 'zk1:2181,zk2:2181'),
    (' zk1:2181 , zk2 ,', 'zk1:2181,zk2'),
    (['zk1:2181', ' zk2:2181 '], 'zk1:2181,zk2:2181'),
])
def test_normalize_hosts(hosts, expected):
    assert zk_leader.normalize_hosts(hosts) == expected


@pytest.mark.parametrize('hosts', [None, '', [], [' ', ''], ' , '])
def test_normalize_hosts_rejects_empty(hosts):
    with pytest.raises(ValueError):
        zk_leader.normalize_hosts(hosts)


def test_leader_result_shape():
    old = zk_leader.make_candidate('m2:19998', 10)
    new = zk_leader.make_candidate('m1:19998', 20)
    result = zk_leader.leader_result(new, [old, new], '/leader', waited=1.23456)
    assert result == {
        'name': 'm1:19998', 'host': 'm1', 'port': 19998, 'ctime': 20, 'path': '/leader',
        'candidates': [
            {'name': 'm1:19998', 'host': 'm1', 'port': 19998, 'ctime': 20},
            {'name': 'm2:19998', 'host': 'm2', 'port': 19998, 'ctime': 10},
        ],
        'waited': 1.235,
    }
    assert 'waited' not in zk_leader.leader_result(new, [new], '/leader')


@pytest.mark.parametrize('name', ['::1', 'fd00::5'])
def test_unbracketed_ipv6_without_port_is_not_host_port(name):
    with pytest.raises(ValueError):
        zk_leader.parse_host_port(name)
