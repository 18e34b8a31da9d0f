# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""ssh_trust_known_hosts_missing: which host keys the known_hosts module would still change."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter.ssh_trust import ssh_trust_known_hosts_missing

ED = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGVk'
ED_OLD = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9sZA'
RSA = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ'


def entry(name, key):
    return {'name': name, 'key': '%s %s' % (name, key)}


ENTRIES = [entry('worker1', ED), entry('worker1', RSA), entry('datalake-worker1', ED)]


def test_empty_file_misses_everything():
    assert ssh_trust_known_hosts_missing(ENTRIES, '') == ENTRIES
    assert ssh_trust_known_hosts_missing(ENTRIES, None) == ENTRIES


def test_all_in_place_misses_nothing():
    content = '# pinned\nworker1 %s\nworker1 %s\n\ndatalake-worker1 %s comment\nother %s\n' % (ED, RSA, ED, ED_OLD)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == []


def test_changed_key_is_missing():
    content = 'worker1 %s\nworker1 %s\ndatalake-worker1 %s\n' % (ED_OLD, RSA, ED)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == [ENTRIES[0]]


def test_stale_line_before_the_right_one_is_missing():
    # The module finds the stale line first and replaces it.
    content = 'worker1 %s\nworker1 %s\nworker1 %s\ndatalake-worker1 %s\n' % (ED_OLD, ED, RSA, ED)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == [ENTRIES[0]]


def test_line_naming_several_hosts_is_not_the_exact_line():
    content = 'worker1,datalake-worker1 %s\nworker1 %s\n' % (ED, RSA)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == [ENTRIES[0], ENTRIES[2]]


def test_names_compare_case_insensitively_for_matching():
    content = 'WORKER1 %s\nworker1 %s\ndatalake-worker1 %s\n' % (ED, RSA, ED)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == [ENTRIES[0]]


@pytest.mark.parametrize('line', [
    '|1|c2FsdA==|aGFzaA== %s' % ED,
    '@cert-authority *.example.com %s' % ED,
    '@revoked worker9 %s' % ED,
    '*.example.com %s' % ED,
    'worker?,!worker2 %s' % ED,
])
def test_hashed_marked_or_wildcard_files_are_left_to_the_module(line):
    content = 'worker1 %s\nworker1 %s\ndatalake-worker1 %s\n%s\n' % (ED, RSA, ED, line)
    assert ssh_trust_known_hosts_missing(ENTRIES, content) == ENTRIES


def test_port_entries():
    port_entry = entry('[worker1]:2222', ED)
    assert ssh_trust_known_hosts_missing([port_entry], 'worker1 %s\n' % ED) == [port_entry]
    assert ssh_trust_known_hosts_missing([port_entry], '[worker1]:2222 %s\n' % ED) == []


def test_bad_input():
    with pytest.raises(AnsibleFilterError, match='expected a list'):
        ssh_trust_known_hosts_missing({'name': 'x'}, '')
    with pytest.raises(AnsibleFilterError, match='known_hosts text'):
        ssh_trust_known_hosts_missing(ENTRIES, 42)
    with pytest.raises(AnsibleFilterError, match='has no "key"'):
        ssh_trust_known_hosts_missing([{'name': 'x'}], '')
