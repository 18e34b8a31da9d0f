# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Parsing what the Alluxio shell prints: masterInfo, fs leader, versions."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    output_failure,
    parse_address,
    parse_fs_leader,
    parse_master_info,
    uses_format_journal,
    uses_master_info,
    version_from_jar_names,
    version_from_libexec,
    version_tuple,
)

MASTER_INFO_HA = (
    'Current leader master: alluxio-master2/172.30.0.12:19998\n'
    'All masters: [alluxio-master1/172.30.0.11:19998, alluxio-master2/172.30.0.12:19998]\n'
)
MASTER_INFO_NO_LEADER = (
    'Failed to find leader master\n'
    'All masters: [alluxio-master1/172.30.0.11:19998, alluxio-master2/172.30.0.12:19998]\n'
)
FS_LEADER_29 = (
    'This command will be deprecated as of v3.0, please use masterInfo command\n'
    'alluxio-master1\n'
)


def test_master_info_leader_and_masters():
    parsed = parse_master_info(MASTER_INFO_HA)
    assert parsed['error'] is None
    assert parsed['leader'] == {'host': 'alluxio-master2', 'ip': '172.30.0.12', 'port': 19998,
                                'address': 'alluxio-master2:19998'}
    assert [m['host'] for m in parsed['masters']] == ['alluxio-master1', 'alluxio-master2']


def test_master_info_failure_text_means_no_leader():
    parsed = parse_master_info(MASTER_INFO_NO_LEADER)
    assert parsed['leader'] is None
    assert parsed['error'] == 'Failed to find leader master'
    assert len(parsed['masters']) == 2


def test_master_info_with_log_noise_and_empty_output():
    noisy = '2024-01-01 00:00:00,000 WARN  NativeCodeLoader - Unable to load native-hadoop\n' + MASTER_INFO_HA
    assert parse_master_info(noisy)['leader']['host'] == 'alluxio-master2'
    assert parse_master_info('')['leader'] is None
    assert 'Current leader master' in parse_master_info('')['error']


@pytest.mark.parametrize('text, expected', [
    ('host1/10.0.0.1:19998', ('host1', '10.0.0.1', 19998)),
    ('/10.0.0.1:19998', ('10.0.0.1', '10.0.0.1', 19998)),
    ('host1/<unresolved>:19998', ('host1', None, 19998)),
    ('host1:19998', ('host1', None, 19998)),
    (' host1.example.com/10.0.0.1:200 ', ('host1.example.com', '10.0.0.1', 200)),
])
def test_parse_address_forms(text, expected):
    parsed = parse_address(text)
    assert (parsed['host'], parsed['ip'], parsed['port']) == expected
    assert parsed['address'] == '%s:%d' % (expected[0], expected[2])


@pytest.mark.parametrize('text', ['', 'garbage', 'host/1.2.3.4', '/:19998'])
def test_parse_address_rejects(text):
    assert parse_address(text) is None


def test_fs_leader_skips_deprecation_notice():
    parsed = parse_fs_leader(FS_LEADER_29, 19998)
    assert parsed['leader'] == {'host': 'alluxio-master1', 'ip': None, 'port': 19998,
                                'address': 'alluxio-master1:19998'}


def test_fs_leader_1x_plain_host_and_failure():
    assert parse_fs_leader('master-a.example.com\n', 19998)['leader']['host'] == 'master-a.example.com'
    failed = parse_fs_leader('Failed to get the leader master.\n', 19998)
    assert failed['leader'] is None
    assert failed['error'] == 'Failed to get the leader master.'
    assert parse_fs_leader('', 19998)['error'] == 'empty output'


def test_versions():
    assert version_tuple('2.9.6') == (2, 9, 6)
    assert version_tuple('Alluxio version: 1.2.0') == (1, 2, 0)
    assert version_tuple('no version') is None
    assert version_from_libexec('# x\nVERSION=2.9.3\nALLUXIO_HOME=$(dirname)\n') == '2.9.3'
    assert version_from_libexec('VERSION=2.2.0-RC1\n') == '2.2.0-RC1'
    assert version_from_jar_names(['README', 'alluxio-server-2.9.6.jar']) == '2.9.6'
    assert version_from_jar_names(['alluxio-assemblies-1.2.0-jar-with-dependencies.jar']) == '1.2.0'
    assert version_from_jar_names(['alluxio-underfs-local-2.9.6.jar']) == '2.9.6'
    assert version_from_jar_names(['guava-31.1.jar']) is None


@pytest.mark.parametrize('version, journal, master_info', [
    ((1, 2, 0), False, False),
    ((1, 7, 1), False, False),
    ((1, 8, 2), True, True),
    ((2, 9, 6), True, True),
    (None, True, True),
])
def test_command_choice_by_version(version, journal, master_info):
    assert uses_format_journal(version) is journal
    assert uses_master_info(version) is master_info


def test_output_failure_lines():
    assert output_failure('Formatting Alluxio Master @ m1\n', '') is None
    assert output_failure('', 'Error: Alluxio requires Java 8 or Java 11, currently Java 17 found.') \
        .startswith('Error:')
    assert output_failure('Exception in thread "main" java.lang.NoClassDefFoundError: x', '') \
        .startswith('Exception in thread')


def test_master_info_as_printed_by_the_29_shell():
    # Captured from `alluxio fs masterInfo` of the 2.9.6 test distribution (ZooKeeper off):
    # unresolved addresses print as host:port.
    parsed = parse_master_info('Current leader master: 604a27ef9cfb:19998\nAll masters: [604a27ef9cfb:19998]\n')
    assert parsed['leader'] == {'host': '604a27ef9cfb', 'ip': None, 'port': 19998, 'address': '604a27ef9cfb:19998'}
    assert parsed['masters'] == [parsed['leader']]


def test_fs_leader_as_printed_by_the_29_shell():
    # stdout has no final newline; log4j complaints go to stderr.
    stdout = 'This command will be deprecated as of v3.0, please use masterInfo command\n604a27ef9cfb'
    assert parse_fs_leader(stdout, 19998)['leader']['address'] == '604a27ef9cfb:19998'
