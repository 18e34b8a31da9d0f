# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The health judgement, from outputs of a real 2.9.6 cluster."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_health import (
    health_report,
    parse_report_summary,
)

SUMMARY = '''Alluxio cluster summary:
    Master Address: m1:19998
    Web Port: 19999
    Zookeeper Enabled: true
    Raft-based Journal: false
    Master Address                   State    Version
    m1:19998                         PRIMARY  2.9.6
    m2:19998                         STANDBY  2.9.6
    Live Workers: 2
    Lost Workers: 0
    Total Capacity: 128.00MB
'''
MASTER_INFO = 'Current leader master: m1:19998\nAll masters: [m1:19998, m2:19998]\n'


def _worker(host):
    return {'address': {'host': host, 'rpcPort': 29999}, 'state': 'ACTIVE'}


def _facts(**extra):
    facts = {'ha_mode': 'zookeeper', 'masters': ['m1', 'm2'], 'workers': ['w1', 'w2'], 'leader': 'm1:19998',
             'membership': MASTER_INFO, 'summary': SUMMARY, 'tier_used_ratio': 0.95,
             'master_info': {'workers': [_worker('w1'), _worker('w2')], 'lostWorkers': [],
                             'tierCapacity': {'MEM': {'used': 10, 'total': 100}, 'SSD': {'used': 0, 'total': 0}}},
             'zookeeper': {'z1': 'leader', 'z2': 'follower', 'z3': 'follower'}, 'run_tests': None}
    facts.update(extra)
    return facts


def test_summary_lists_masters_and_workers():
    summary = parse_report_summary(SUMMARY)
    assert summary['masters'] == [{'address': 'm1:19998', 'state': 'PRIMARY', 'version': '2.9.6'},
                                  {'address': 'm2:19998', 'state': 'STANDBY', 'version': '2.9.6'}]
    assert (summary['live_workers'], summary['lost_workers']) == (2, 0)


def test_healthy_cluster():
    report = health_report(_facts())
    assert report['healthy'] and report['problems'] == []
    assert report['tiers'] == {'MEM': {'used': 10, 'total': 100, 'ratio': 0.1}}
    assert report['live_workers'] == ['w1', 'w2']


def test_a_dead_worker_the_leader_still_lists_is_named():
    report = health_report(_facts(worker_answers={'w1': 200, 'w2': -1}))
    assert report['problems'] == ['workers not answering on their web port: w2']
    assert report['silent_workers'] == ['w2']


def test_a_worker_down_names_it():
    info = {'workers': [_worker('w1')], 'lostWorkers': [_worker('w2')], 'tierCapacity': {}}
    report = health_report(_facts(master_info=info))
    assert report['problems'] == ['1 of 2 workers live; not registered with the leader: w2 (lost: w2)']


def test_no_leader_masters_out_of_the_election_and_zookeeper():
    report = health_report(_facts(leader=None, leader_error='Failed to find leader master', master_info=None,
                                  zookeeper={'z1': 'leader', 'z2': None, 'z3': 'follower'}))
    assert report['problems'] == ['no master leads: Failed to find leader master',
                                  'ZooKeeper members not serving: z2 (no answer)']
    one = 'Current leader master: m1:19998\nAll masters: [m1:19998]\n'
    assert health_report(_facts(membership=one))['problems'] == ['masters: not in the ZooKeeper election: m2']


def test_full_tier_and_failed_run_tests():
    info = dict(_facts()['master_info'], tierCapacity={'MEM': {'used': 99, 'total': 100}})
    tests = {'rc': 2, 'stdout': 'runTest --operation BASIC --readType CACHE --writeType MUST_CACHE\n'
                                '\x1b[31mFailed the test!\x1b[0m\nNumber of failed tests: 2\n'}
    problems = health_report(_facts(master_info=info, run_tests=tests))['problems']
    assert problems == ['tier MEM is 99% full (limit 95%)',
                        'alluxio runTests failed (exit 2): runTest --operation BASIC --readType CACHE --writeType MUST_CACHE']


def test_embedded_quorum():
    quorum = ('Journal domain\t: MASTER\nQuorum size\t: 2\nQuorum leader\t: m1:19200\n\n'
              'STATE       | PRIORITY | SERVER ADDRESS\nAVAILABLE   | 0        | m1:19200\n'
              'UNAVAILABLE | 0        | m2:19200\n')
    problems = health_report(_facts(ha_mode='embedded', membership=quorum, zookeeper={}))['problems']
    assert problems == ['masters: 1 of 2 quorum members AVAILABLE (not: m2)']
