# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The hosts_file role's block, its problems and a file's state (module_utils/hosts_file.py)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter import hosts_file as filters
from ansible_collections.datalake.alluxio.plugins.module_utils import hosts_file as h

BEGIN = '# BEGIN datalake.alluxio managed hosts'
END = '# END datalake.alluxio managed hosts'


def plan(hostvars, source='ansible_host', fact='ansible_default_ipv4.address', domain='', groups=('alluxio',)):
    return h.plan(list(hostvars), hostvars, list(groups), source, fact, domain)


def test_block_names_and_order():
    result = plan({'m1': {'ansible_host': ' 10.0.0.1 ', 'hosts_file_aliases': ['alluxio-master', 'm1', '10.0.0.1']},
                   'w1.example.org': {'ansible_host': '10.0.0.2', 'hosts_file_domain': 'lab'},
                   'w2': {'ansible_host': 'fd00::2', 'hosts_file_domain': ''}}, domain='example.org')
    assert result['problems'] == []
    assert [entry['names'] for entry in result['entries']] == [
        ['m1.example.org', 'm1', 'alluxio-master'], ['w1.example.org'], ['w2']]
    assert result['block'] == ('10.0.0.1        m1.example.org m1 alluxio-master\n'
                               '10.0.0.2        w1.example.org\n'
                               'fd00::2         w2')
    assert result['names'] == {'m1.example.org': '10.0.0.1', 'm1': '10.0.0.1', 'alluxio-master': '10.0.0.1',
                               'w1.example.org': '10.0.0.2', 'w2': 'fd00::2'}
    assert result['unresolved'] == []


@pytest.mark.parametrize('address, problem', [
    (None, 'ansible_host is not set'),
    ('master1.lab', "ansible_host is 'master1.lab', which is not an IP address"),
    ('127.0.1.1', "ansible_host is '127.0.1.1', a loopback or unspecified address the other nodes cannot reach"),
    ('0.0.0.0', "ansible_host is '0.0.0.0', a loopback or unspecified address the other nodes cannot reach"),
    ('::1', "ansible_host is '::1', a loopback or unspecified address the other nodes cannot reach"),
])
def test_unusable_ansible_host(address, problem):
    hostvars = {'m1': {} if address is None else {'ansible_host': address}}
    assert plan(hostvars)['problems'] == [
        'host m1: %s (hosts_file_address_source=ansible_host). Fix: set ansible_host to the IP address the other'
        ' cluster nodes use for this host, or choose hosts_file_address_source=fact or variable' % problem]


def test_fact_source_and_unresolved():
    hostvars = {'m1': {'ansible_facts': {'eth1': {'ipv4': {'address': '10.1.0.1'}}}},
                'm2': {'ansible_facts': {'eth1': {}}},
                'm3': {}}
    result = plan(hostvars, source='fact', fact='ansible_eth1.ipv4.address')
    assert [entry['address'] for entry in result['entries']] == ['10.1.0.1', '', '']
    assert result['unresolved'] == ['m2', 'm3']
    assert result['problems'][0] == (
        'host m2: ansible_eth1.ipv4.address is not set (hosts_file_address_source=fact). Fix: set hosts_file_address_fact'
        ' to the fact that holds the cluster address (for example ansible_eth1.ipv4.address), or choose'
        ' hosts_file_address_source=variable and set hosts_file_address per host')


def test_variable_source_and_claimed_names():
    hostvars = {'m1': {'hosts_file_address': '10.0.0.1', 'hosts_file_aliases': ['shared']},
                'm2': {'hosts_file_address': '10.0.0.2', 'hosts_file_aliases': ['shared']},
                'm3': {}}
    assert plan(hostvars, source='variable')['problems'] == [
        "hosts m1 and m2 both claim the name 'shared'. Fix: remove it from hosts_file_aliases of one of them",
        'host m3: hosts_file_address is not set (hosts_file_address_source=variable). Fix: set hosts_file_address to'
        ' the cluster IP address in the host_vars of that host']


def test_no_hosts():
    assert plan({}, groups=['zookeeper', 'alluxio'])['problems'] == [
        'no host is in any of hosts_file_groups zookeeper, alluxio. Fix: set hosts_file_groups to inventory groups'
        ' that exist']


def test_file_state():
    result = plan({'m1': {'ansible_host': '10.0.0.1'}, 'w1': {'ansible_host': '10.0.0.2'}})
    content = '\n'.join([
        '127.0.0.1 localhost',
        '10.9.9.9 M1 other  # stale',
        '# 10.9.9.8 w1',
        BEGIN, '10.0.0.1        m1', '10.0.0.2        w1', END,
        '10.0.0.2 w1',
    ])
    state = h.file_state(content, result, BEGIN, END)
    assert state == {'conflicts': ["line 2 '10.9.9.9 M1 other  # stale' maps M1 to 10.9.9.9, the cluster address is"
                                   ' 10.0.0.1'],
                     'block_in_place': True}
    changed = content.replace('10.0.0.2        w1', '10.0.0.3        w1')
    assert h.file_state(changed, result, BEGIN, END)['block_in_place'] is False
    assert h.file_state('', result, BEGIN, END) == {'conflicts': [], 'block_in_place': False}


def test_filters_refuse_wrong_input():
    with pytest.raises(AnsibleFilterError, match='expected a list of inventory hosts'):
        filters.hosts_file_plan('m1', {}, [], 'ansible_host', '', '')
    with pytest.raises(AnsibleFilterError, match='use ansible_host, fact or variable'):
        filters.hosts_file_plan(['m1'], {}, [], 'dns', '', '')
    with pytest.raises(AnsibleFilterError, match='result of datalake.alluxio.hosts_file_plan'):
        filters.hosts_file_state('', {}, BEGIN, END)
    assert filters.hosts_file_state('', plan({'m1': {'ansible_host': '10.0.0.1'}}), BEGIN, END)['block_in_place'] is False
