# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The zookeeper role's ensemble plan and preflight problems (module_utils/zk_ensemble.py)."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.datalake.alluxio.plugins.filter import zookeeper as filters
from ansible_collections.datalake.alluxio.plugins.module_utils import zk_ensemble as z

MEMBERS = ['zk1', 'zk2', 'zk3']


def _read(text):
    return {'content': base64.b64encode(text.encode()).decode()}


def settings(**changes):
    base = {
        'group': 'zookeeper', 'members': MEMBERS, 'play_hosts': MEMBERS, 'ensemble_required': True,
        'explicit_ids': {}, 'existing_ids': {}, 'ids': {'zk1': 1, 'zk2': 2, 'zk3': 3}, 'allow_myid_change': False,
        'myid_file': '/var/lib/zookeeper/myid', 'addresses': {m: m for m in MEMBERS}, 'address_hostvar': 'zk_address',
        'alluxio_session_timeout': '6s', 'config': {'maxSessionTimeout': '120000', '4lw.commands.whitelist': 'ruok,srvr,mntr'},
        'tick_time': 2000, 'required_4lw': ['ruok', 'srvr', 'mntr'], 'ports': [2181, 2888, 3888], 'metrics_port': 7000,
        'metrics_jars_wanted': [], 'metrics_jars_local_dir': '', 'metrics_jars_found': {}, 'heap': '256m',
        'install_method': 'package', 'archive_local_path': '', 'archive_local_path_is_file': False,
        'archive_checksum': '', 'archive_url': 'https://archive.apache.org/zk.tar.gz',
        'auth_enabled': False, 'auth_users': {}, 'quorum_auth_user': 'zkquorum', 'quorum_auth_password': '',
        'auth_switch_off_refused': False,
        'client_address_source': 'all', 'client_address_fact': 'default_ipv4.address', 'client_addresses': {},
        'local_addresses': {},
        'sandbox_paths': {'zookeeper_data_dir': ['/var/lib/zookeeper'], 'zookeeper_unit_write_paths': []},
    }
    base.update(changes)
    return base


def test_existing_ids_take_only_numbers():
    reads = {'zk1': _read('3\n'), 'zk2': _read('replace this text with the cluster-unique server id'),
             'zk3': {'failed': True, 'msg': 'file not found'}, 'zk4': None}
    assert z.existing_ids(reads) == {'zk1': '3'}


def test_ids_explicit_then_existing_then_position_then_lowest_free():
    assert z.member_ids(MEMBERS, {}, {}) == {'zk1': 1, 'zk2': 2, 'zk3': 3}
    # zk3 asks for 1, zk1 had 2 on disk: zk2's position (2) is taken, it gets the lowest free id (3).
    assert z.member_ids(MEMBERS, {'zk3': 1}, {'zk1': '2'}) == {'zk1': 2, 'zk2': 3, 'zk3': 1}
    assert z.member_ids(MEMBERS, {'zk1': '07'}, {'zk1': '1'}) == {'zk1': 7, 'zk2': 2, 'zk3': 3}
    # A zookeeper_id that is no number gives no id of its own (the problem is reported).
    assert z.member_ids(['zk1'], {'zk1': 'x'}, {'zk1': '5'}) == {'zk1': 1}


def test_addresses_by_source():
    hostvars = {'zk1': {'ansible_host': '10.0.0.1', 'zk_address': 'zk1.lan'}, 'zk2': {}}
    assert z.member_addresses(['zk1', 'zk2'], hostvars, 'ansible_host', '') == {'zk1': '10.0.0.1', 'zk2': 'zk2'}
    assert z.member_addresses(['zk1', 'zk2'], hostvars, 'hostvar', 'zk_address') == {'zk1': 'zk1.lan', 'zk2': ''}
    assert z.member_addresses(['zk1', 'zk2'], hostvars, 'inventory_hostname', '') == {'zk1': 'zk1', 'zk2': 'zk2'}


def test_plan_filter():
    hostvars = {'zk1': {'zookeeper_id': 9}, 'zk2': {}, 'zk3': {}}
    plan = filters.zookeeper_ensemble_plan({'zk2': _read('1')}, MEMBERS, hostvars, 'inventory_hostname', '')
    assert plan == {'existing_ids': {'zk2': '1'}, 'explicit_ids': {'zk1': 9}, 'ids': {'zk1': 9, 'zk2': 1, 'zk3': 3},
                    'addresses': {'zk1': 'zk1', 'zk2': 'zk2', 'zk3': 'zk3'},
                    'client_addresses': {'zk1': '', 'zk2': '', 'zk3': ''}, 'local_addresses': {}}


def test_client_addresses_by_source():
    hostvars = {
        'zk1': {'ansible_host': '10.0.0.1', 'zookeeper_client_address': '10.1.0.1', 'hosts_file_address': '10.2.0.1',
                'ansible_facts': {'eth1': {'ipv4': {'address': '10.3.0.1'}}, 'all_ipv4_addresses': ['10.3.0.1'],
                                  'all_ipv6_addresses': ['fd00::1']}},
        'zk2': {'hosts_file_address': '10.2.0.2'},
    }
    members = ['zk1', 'zk2']
    assert z.client_addresses(members, hostvars, 'ansible_host', '') == {'zk1': '10.0.0.1', 'zk2': ''}
    assert z.client_addresses(members, hostvars, 'variable', '') == {'zk1': '10.1.0.1', 'zk2': '10.2.0.2'}
    assert z.client_addresses(members, hostvars, 'fact', 'ansible_eth1.ipv4.address') == {'zk1': '10.3.0.1', 'zk2': ''}
    assert z.client_addresses(members, hostvars, 'all', '') == {'zk1': '', 'zk2': ''}
    assert z.local_addresses(members, hostvars) == {'zk1': ['10.3.0.1', 'fd00::1']}


def test_client_address_must_be_one_of_the_members_own_ips():
    own = {m: ['10.0.0.%d' % n, '172.17.0.%d' % n] for n, m in enumerate(MEMBERS, 1)}
    good = {m: '10.0.0.%d' % n for n, m in enumerate(MEMBERS, 1)}
    assert z.ensemble_problems(settings(client_address_source='ansible_host', client_addresses=good,
                                        local_addresses=own)) == []
    problems = z.ensemble_problems(settings(
        client_address_source='ansible_host', local_addresses=own, play_hosts=['zk1', 'zk2'],
        client_addresses={'zk1': 'zk1.lan', 'zk2': '10.0.0.9', 'zk3': ''}))
    assert len(problems) == 2, problems
    assert problems[0].startswith('zookeeper: zk1: ') and "ansible_host is 'zk1.lan', which is not an IP address" in problems[0]
    assert 'zookeeper_client_address_source: all' in problems[0]
    assert problems[1].startswith('zookeeper: zk2: its ZooKeeper client address 10.0.0.9 (ansible_host) is none of its own'
                                  ' addresses (10.0.0.2, 172.17.0.2)')
    problems = z.ensemble_problems(settings(client_address_source='fact', client_address_fact='ansible_eth1.ipv4.address',
                                            client_addresses={'zk1': '127.0.0.1', 'zk2': '', 'zk3': '10.0.0.3'}))
    assert len(problems) == 2, problems
    assert 'the fact ansible_eth1.ipv4.address (zookeeper_client_address_fact)' in problems[0] and 'loopback' in problems[0]
    assert 'is not set' in problems[1]
    assert z.ensemble_problems(settings(client_address_source='dns')) == [
        'zookeeper: zookeeper_client_address_source is "dns": use ansible_host, fact or variable (the member\'s cluster'
        ' address, as for hosts_file_address_source), or all (every address).']


def test_healthy_ensemble_has_no_problem():
    assert z.ensemble_problems(settings()) == []


def test_membership():
    assert z.ensemble_problems(settings(members=[], play_hosts=[], ids={}, addresses={})) == [
        "zookeeper: group 'zookeeper' (zookeeper_group) has no hosts: add the ZooKeeper hosts to it, or point"
        ' zookeeper_group at their group.']
    two = settings(members=['zk1', 'zk2'], play_hosts=MEMBERS, ids={'zk1': 1, 'zk2': 2}, addresses={'zk1': 'a', 'zk2': 'b'})
    assert z.ensemble_problems(two) == [
        "zookeeper: group 'zookeeper' (zookeeper_group) has 2 host(s), but an HA ensemble needs an odd number of at least 3"
        ' (zookeeper_ensemble_required is true): add or remove members, or set zookeeper_ensemble_required: false for a'
        ' non-HA test ensemble.',
        "zookeeper: hosts zk3 run the zookeeper role but are not in group 'zookeeper' (zookeeper_group): add them to the"
        ' group or leave them out of the play.']
    assert z.ensemble_problems(dict(two, ensemble_required=False, play_hosts=['zk1'])) == []


def test_members():
    problems = z.ensemble_problems(settings(
        explicit_ids={'zk1': 0, 'zk2': 'two'}, existing_ids={'zk3': '4'}, ids={'zk1': 1, 'zk2': 1, 'zk3': 3},
        addresses={'zk1': 'zk1', 'zk2': '', 'zk3': 'zk3'}, alluxio_session_timeout='6s'))
    assert problems == [
        'zookeeper: zk1: zookeeper_id is 0; set it to a whole number from 1 to 255.',
        'zookeeper: zk2: zookeeper_id is two; set it to a whole number from 1 to 255.',
        'zookeeper: zk2: zookeeper_address_source is hostvar but zk_address (zookeeper_address_hostvar) is not set for it:'
        ' set that host variable or choose another zookeeper_address_source.',
        'zookeeper: zk3: /var/lib/zookeeper/myid holds id 4 but zookeeper_id asks for 3. Set zookeeper_id: 4 for zk3 (or'
        ' remove it) to keep the member, or set zookeeper_allow_myid_change: true to renumber it on purpose.',
        'zookeeper: hosts zk1, zk2 would all get myid 1 (from zookeeper_id or the myid already on them): give each member'
        ' a distinct zookeeper_id.']


def test_renumbering_allowed_on_purpose():
    assert z.ensemble_problems(settings(existing_ids={'zk3': '4'}, allow_myid_change=True)) == []


@pytest.mark.parametrize('timeout, config, expected', [
    ('6 seconds', {}, 'zookeeper: zookeeper_alluxio_session_timeout is "6 seconds": use milliseconds or a number with ms,'
                      ' s, min or h (for example 60s), as alluxio.zookeeper.session.timeout takes it.'),
    ('60s', {'maxSessionTimeout': '40000'},
     'zookeeper: maxSessionTimeout is 40000 ms but the Alluxio session timeout (zookeeper_alluxio_session_timeout, from'
     ' alluxio_zookeeper_session_timeout when set) is 60000 ms, so ZooKeeper would cut Alluxio sessions short: raise'
     ' zookeeper_max_session_timeout_ms (or maxSessionTimeout in zookeeper_config_overrides) to at least 60000.'),
    # Without maxSessionTimeout ZooKeeper allows 20 ticks.
    ('60s', {'4lw.commands.whitelist': '*'}, 'zookeeper: maxSessionTimeout is 40000 ms'),
])
def test_session_timeout(timeout, config, expected):
    problems = z.ensemble_problems(settings(alluxio_session_timeout=timeout, config=dict(config)))
    assert [p for p in problems if 'session' in p.lower() and '4lw' not in p][0].startswith(expected)


def test_four_letter_words():
    lacking = settings(config={'maxSessionTimeout': 120000, '4lw.commands.whitelist': 'ruok, stat'})
    assert z.ensemble_problems(lacking) == [
        "zookeeper: 4lw.commands.whitelist in zookeeper_config_overrides lacks srvr, mntr, which the role's health checks"
        ' send: add them, or drop the key and use zookeeper_4lw_commands.']
    assert z.ensemble_problems(settings(config={'maxSessionTimeout': 120000, '4lw.commands.whitelist': '*'})) == []


@pytest.mark.parametrize('port', [2181, 'x', 70000, '-1'])
def test_metrics_port(port):
    assert z.ensemble_problems(settings(metrics_port=port)) == [
        'zookeeper: zookeeper_metrics_port is %s: use a free TCP port other than the client, quorum and election ports'
        ' (2181, 2888, 3888), or 0 to turn the metrics off.' % port]


def test_metrics_jars_and_heap():
    problems = z.ensemble_problems(settings(metrics_jars_wanted={'a.jar': 'sha256:AA', 'b.jar': 'sha256:bb', 'c.jar': 'sha256:cc'},
                                            metrics_jars_local_dir='/srv/jars',
                                            metrics_jars_found={'b.jar': 'BB', 'c.jar': 'dd'}, heap='1 GB'))
    assert problems == [
        'zookeeper: zookeeper_metrics_jars_local_dir /srv/jars lacks a.jar: put those jars there (see zookeeper_metrics_jars'
        ' for their URLs) or set zookeeper_metrics_port: 0.',
        'zookeeper: zookeeper_metrics_jars_local_dir /srv/jars has a c.jar whose sha256 is dd, not cc as'
        ' zookeeper_metrics_jars says: put the jar from its URL there.',
        'zookeeper: zookeeper_heap is "1 GB": use a JVM size such as 256m or 1g.']
    # Jars are looked for only where the member needs them and a local directory is named.
    assert z.ensemble_problems(settings(metrics_jars_wanted={'a.jar': 'sha256:aa'})) == []


def test_archive():
    archive = settings(install_method='archive')
    assert z.ensemble_problems(archive) == [
        'zookeeper: zookeeper_archive_checksum is "" for https://archive.apache.org/zk.tar.gz: set it to sha512:<hex> from'
        ' the .sha512 file Apache publishes next to the tarball.']
    assert z.ensemble_problems(dict(archive, archive_checksum='sha512:' + 'ab' * 64)) == []
    assert z.ensemble_problems(dict(archive, archive_local_path='/srv/zk.tgz')) == [
        'zookeeper: zookeeper_archive_local_path is /srv/zk.tgz but no such file exists on the controller: copy the tarball'
        ' there or fix the path.']
    assert z.ensemble_problems(dict(archive, archive_local_path='/srv/zk.tgz', archive_local_path_is_file=True)) == []


def test_settings_must_be_complete():
    incomplete = settings()
    del incomplete['heap']
    with pytest.raises(ValueError, match='settings lack heap'):
        z.ensemble_problems(incomplete)


def test_logins_need_accounts_and_the_members_password():
    problems = z.ensemble_problems(settings(auth_enabled=True))
    assert [p.split(' ')[1] for p in problems] == ['zookeeper_auth_enabled', 'zookeeper_quorum_auth_password']
    assert z.ensemble_problems(settings(auth_enabled=True, auth_users={'alluxio': 'a'}, quorum_auth_password='q')) == []
    refused = z.ensemble_problems(settings(auth_switch_off_refused=True))
    assert len(refused) == 1 and 'step down one run at a time' in refused[0]


def test_sandbox_paths_systemd_would_misread_are_refused_by_variable():
    problems = z.ensemble_problems(settings(sandbox_paths={'zookeeper_unit_write_paths': ['/srv/heap dumps']}))
    assert problems == [
        "zookeeper: zookeeper_unit_write_paths: '/srv/heap dumps' is not an absolute path of letters, digits and"
        " . _ + @ : , = / - (systemd splits on spaces and expands %-specifiers), which the sandbox of ZooKeeper's unit"
        " cannot make writable: fix the path, or set zookeeper_unit_hardening: false."]
