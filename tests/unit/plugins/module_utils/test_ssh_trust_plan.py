# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The ssh_trust role's plan (module_utils/ssh_trust.py): accounts, keys to authorize, host keys to pin, check failures."""

from __future__ import annotations

import base64
import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter import ssh_trust as filters
from ansible_collections.datalake.alluxio.plugins.module_utils import ssh_trust as s

GETENT = {'alluxio': ['x', '2001', '2001', '', '/home/alluxio', '/bin/bash'],
          'root': ['x', '0', '0', 'root', '/root', '/bin/bash']}


def test_accounts():
    assert s.accounts(GETENT, ['alluxio', 'nobody']) == {'alluxio': {'home': '/home/alluxio', 'gid': '2001',
                                                                     'shell': '/bin/bash'}}


def test_authorized_keys():
    hostvars = {'m1': {'__kp': {'results': [{'item': 'alluxio', 'public_key': 'ssh-ed25519 AAA'},
                                            {'item': 'root', 'skipped': True}]}},
                'm2': {}}
    assert s.authorized_keys(['m1', 'm2'], hostvars, '__kp') == [
        {'user': 'alluxio', 'source': 'm1', 'key': 'ssh-ed25519 AAA',
         'comment': 'alluxio@m1 (datalake.alluxio ssh_trust)', 'options': '', 'self_options': ''}]


def test_authorized_keys_restricted_to_the_source_addresses():
    hostvars = {'m1': {'__kp': {'results': [{'item': 'alluxio', 'public_key': 'ssh-ed25519 AAA'}]},
                       'ansible_facts': {'all_ipv4_addresses': ['10.0.1.11', '172.17.0.2'],
                                         'all_ipv6_addresses': ['fe80::1', 'fd00::11']}}}
    [key] = s.authorized_keys(['m1'], hostvars, '__kp', True, 'command="/bin/true"')
    restrictions = 'no-agent-forwarding,no-port-forwarding,no-X11-forwarding,command="/bin/true"'
    assert key['options'] == 'from="10.0.1.11,172.17.0.2,fd00::11",' + restrictions
    assert key['self_options'] == 'from="10.0.1.11,127.0.0.1,172.17.0.2,::1,fd00::11",' + restrictions


def test_authorized_keys_refuses_a_source_without_network_facts():
    hostvars = {'m1': {'__kp': {'results': [{'item': 'alluxio', 'public_key': 'ssh-ed25519 AAA'}]}}}
    with pytest.raises(ValueError, match='m1 has no network facts'):
        s.authorized_keys(['m1'], hostvars, '__kp', True)


def test_stale_keys_are_only_the_roles_own_of_departed_sources():
    content = '\n'.join([
        'from="10.0.1.11",no-port-forwarding ssh-ed25519 AAAkept alluxio@m1 (datalake.alluxio ssh_trust)',
        'from="10.0.1.99",no-agent-forwarding ssh-ed25519 AAAgone alluxio@old (datalake.alluxio ssh_trust)',
        'ssh-rsa AAAold2 alluxio@m1-renamed (datalake.alluxio ssh_trust)',
        'ssh-ed25519 AAAops ops@laptop',
        '# ssh-ed25519 AAAcomment alluxio@old (datalake.alluxio ssh_trust)',
        'command="echo a b" ssh-ed25519 AAAquoted ci (datalake.alluxio ssh_trust)',
    ])
    reads = [{'item': 'alluxio', 'content': base64.b64encode(content.encode()).decode()},
             {'item': 'root', 'skipped': True},
             {'item': 'other', 'failed': True, 'msg': 'file not found'}]
    authorized = [{'user': 'alluxio', 'comment': 'alluxio@m1 (datalake.alluxio ssh_trust)'}]
    assert s.stale_keys(reads, authorized) == [
        {'user': 'alluxio', 'key': 'ssh-ed25519 AAAgone', 'comment': 'alluxio@old (datalake.alluxio ssh_trust)'},
        {'user': 'alluxio', 'key': 'ssh-rsa AAAold2', 'comment': 'alluxio@m1-renamed (datalake.alluxio ssh_trust)'},
        {'user': 'alluxio', 'key': 'ssh-ed25519 AAAquoted', 'comment': 'ci (datalake.alluxio ssh_trust)'}]


def test_known_hosts_entries():
    facts = {'ssh_host_key_ed25519_public': 'AAAED', 'ssh_host_key_ed25519_public_keytype': 'ssh-ed25519',
             'ssh_host_key_rsa_public': 'AAARSA', 'ssh_host_key_rsa_public_keytype': 'ssh-rsa'}
    hostvars = {'W1': {'ansible_host': '10.0.0.2', 'ssh_trust_host_aliases': ['w1', 'Worker-1'], 'ansible_facts': facts},
                'w2': {}}
    assert s.known_hosts_entries(['W1', 'w2'], hostvars, ['ed25519', 'ecdsa'], 22) == [
        {'name': 'w1', 'key': 'w1 ssh-ed25519 AAAED'},
        {'name': '10.0.0.2', 'key': '10.0.0.2 ssh-ed25519 AAAED'},
        {'name': 'worker-1', 'key': 'worker-1 ssh-ed25519 AAAED'}]
    assert s.known_hosts_entries(['W1'], hostvars, ['rsa'], '2222')[0] == {
        'name': '[w1]:2222', 'key': '[w1]:2222 ssh-rsa AAARSA'}


def test_known_hosts_todo():
    entries = [{'name': 'w1', 'key': 'w1 ssh-ed25519 AAAED'}, {'name': 'w2', 'key': 'w2 ssh-ed25519 AAAW2'}]
    text = base64.b64encode(b'w1 ssh-ed25519 AAAED\nw2 ssh-ed25519 OLD\n').decode()
    reads = [{'item': 'alluxio', 'content': text}, {'item': 'root', 'skipped': True}, {'item': 'ops', 'content': ''},
             {'skipped': True}]
    assert s.known_hosts_todo(reads, entries) == [
        {'user': 'alluxio', 'name': 'w2', 'key': 'w2 ssh-ed25519 AAAW2'},
        {'user': 'ops', 'name': 'w1', 'key': 'w1 ssh-ed25519 AAAED'},
        {'user': 'ops', 'name': 'w2', 'key': 'w2 ssh-ed25519 AAAW2'}]


def test_check_failures():
    answer = json.dumps({'results': [{'target': 'w1', 'rc': 0, 'stderr': ''},
                                     {'target': 'w2', 'rc': 255, 'stderr': 'Host key verification failed.\nbye\n'}]})
    hostvars = {'m1': {'__check': {'results': [{'item': 'alluxio', 'rc': 0, 'stdout': answer},
                                               {'item': 'root', 'rc': 1, 'stdout': '', 'stderr': 'python3: not found\n'},
                                               {'item': 'ops', 'rc': 0, 'stdout': 'Traceback', 'msg': 'odd'},
                                               {'item': 'x', 'skipped': True}]}}}
    assert s.check_failures(['m1', 'm9'], hostvars, '__check') == [
        'alluxio@m1 -> w2: Host key verification failed. | bye',
        'root@m1 -> (all): the check did not run (rc 1): python3: not found',
        'ops@m1 -> (all): the check did not run (rc 0): odd']


def test_filters_name_themselves_on_wrong_input():
    with pytest.raises(AnsibleFilterError, match='^ssh_trust_accounts: expected the getent_passwd fact, got list'):
        filters.ssh_trust_accounts([], ['alluxio'])
    with pytest.raises(AnsibleFilterError, match='^ssh_trust_known_hosts_missing: entry'):
        filters.ssh_trust_known_hosts_missing([{'name': 'w1'}], '')
