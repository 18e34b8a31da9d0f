# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Is the cluster healthy? The judgement of the health entry point
(roles/alluxio_ha/tasks/health.yml) and of the Docker rejoin check, from what
the cluster itself answers:

* masters_problem: every master is in the election (ZooKeeper: listed by
  ``fs masterInfo``, the election znode's children) or AVAILABLE in the
  embedded journal's quorum (``fsadmin journal quorum info``);
* parse_report_summary: ``fsadmin report summary`` as a dict;
* health_report: the whole picture (leader, masters, live workers against the
  inventory, capacity per tier, ZooKeeper members' modes, runTests) and its
  problems, each a sentence saying what is wrong and where.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import parse_master_info


def masters_problem(stdout, ha_mode, master_addresses):
    """Why the masters are not all in the election or quorum; '' when they are."""
    stdout = stdout or ''
    expected = list(master_addresses or [])
    if ha_mode == 'embedded':
        available = re.findall(r'(?m)^AVAILABLE\s*\|.*?\|\s*(\S+?):\d+\s*$', stdout)
        unavailable = re.findall(r'(?m)^UNAVAILABLE\s*\|.*?\|\s*(\S+?):\d+\s*$', stdout)
        if 'Quorum leader' not in stdout:
            return 'the embedded journal quorum has no leader'
        if unavailable or len(available) != len(expected):
            missing = [address for address in expected if address not in available]
            return '%d of %d quorum members AVAILABLE%s' % (
                len(available), len(expected), (' (not: %s)' % ', '.join(missing)) if missing else '')
        return ''
    if ha_mode == 'zookeeper':
        info = parse_master_info(stdout)
        if info['leader'] is None:
            return 'no leader master: %s' % info['error']
        listed = set(master['host'] for master in info['masters'])
        missing = [address for address in expected if address not in listed]
        if missing:
            return 'not in the ZooKeeper election: %s' % ', '.join(missing)
        return ''
    if ha_mode == 'single':
        return '' if parse_master_info(stdout)['leader'] is not None else 'the master does not serve'
    raise ValueError('ha_mode must be single, embedded or zookeeper, not %r' % (ha_mode,))


_SUMMARY_MASTER = re.compile(r'^\s*(\S+:\d+)\s+(PRIMARY|STANDBY|\w+)\s+(\S+)\s*$')


def parse_report_summary(stdout):
    """``fsadmin report summary``: masters (address, state, version), live and lost workers."""
    summary = {'masters': [], 'live_workers': None, 'lost_workers': None}
    for line in (stdout or '').splitlines():
        match = _SUMMARY_MASTER.match(line)
        if match and match.group(2) != 'State':
            summary['masters'].append({'address': match.group(1), 'state': match.group(2), 'version': match.group(3)})
            continue
        for key, label in (('live_workers', 'Live Workers'), ('lost_workers', 'Lost Workers')):
            found = re.match(r'^\s*%s:\s*(\d+)\s*$' % label, line)
            if found:
                summary[key] = int(found.group(1))
    return summary


def _tier_use(master_info):
    tiers = {}
    for tier, capacity in sorted(((master_info or {}).get('tierCapacity') or {}).items()):
        total = int(capacity.get('total') or 0)
        if total > 0:
            used = int(capacity.get('used') or 0)
            tiers[tier] = {'used': used, 'total': total, 'ratio': round(float(used) / total, 4)}
    return tiers


def health_report(facts):
    """The health of the cluster from ``facts`` (see health.yml), and its problems.

    ``facts``: ha_mode, masters (expected addresses), workers (expected
    addresses), leader (address or None, and leader_error), membership (stdout
    of masterInfo or quorum info), master_info (the leader's
    /api/v1/master/info, or None), worker_answers ({worker: True or the HTTP
    status of its web API, 200 when it answered}), summary (``fsadmin report summary``
    stdout), zookeeper ({member: mode or None}), tier_used_ratio (limit),
    run_tests (None, or {rc, stdout}).
    """
    problems = []
    leader = facts.get('leader')
    if not leader:
        problems.append('no master leads: %s' % (facts.get('leader_error') or 'no leader found'))
    membership = masters_problem(facts.get('membership'), facts['ha_mode'], facts.get('masters'))
    if membership and leader:
        problems.append('masters: %s' % membership)
    info = facts.get('master_info')
    if leader and not info:
        problems.append("the leader %s does not answer on its web API (/api/v1/master/info)" % leader)
    live = sorted(set(w['address']['host'] for w in (info or {}).get('workers') or []))
    lost = sorted(set(w['address']['host'] for w in (info or {}).get('lostWorkers') or []))
    expected = sorted(set(facts.get('workers') or []))
    if info:
        missing = [w for w in expected if w not in live]
        if missing:
            problems.append('%d of %d workers live; not registered with the leader: %s%s' % (
                len(expected) - len(missing), len(expected), ', '.join(missing),
                ' (lost: %s)' % ', '.join(lost) if lost else ''))
    silent = sorted(w for w, answer in (facts.get('worker_answers') or {}).items()
                    if not (answer is True or str(answer) == '200'))
    if silent:
        problems.append('workers not answering on their web port: %s' % ', '.join(silent))
    tiers = _tier_use(info)
    limit = float(facts.get('tier_used_ratio') or 1.0)
    for tier, use in tiers.items():
        if use['ratio'] > limit:
            problems.append('tier %s is %d%% full (limit %d%%)' % (tier, use['ratio'] * 100, limit * 100))
    zookeeper = facts.get('zookeeper') or {}
    modes = sorted(mode for mode in zookeeper.values() if mode)
    down = sorted(member for member, mode in zookeeper.items() if mode not in ('leader', 'follower', 'standalone'))
    if down:
        problems.append('ZooKeeper members not serving: %s' % ', '.join(
            '%s (%s)' % (member, zookeeper[member] or 'no answer') for member in down))
    if zookeeper and len(zookeeper) > 1 and modes.count('leader') != 1:
        problems.append('the ZooKeeper ensemble has %d leaders' % modes.count('leader'))
    tests = facts.get('run_tests')
    if tests is not None and int(tests.get('rc', 1)) != 0:
        failed = re.findall(r'(?m)^(runTest .*)\n.*Failed the test', re.sub(r'\x1b\[[0-9;]*m', '', tests.get('stdout') or ''))
        problems.append('alluxio runTests failed (exit %s)%s' % (tests.get('rc'), ': ' + '; '.join(failed) if failed else ''))
    summary = parse_report_summary(facts.get('summary'))
    return {
        'healthy': not problems,
        'problems': problems,
        'leader': leader,
        'ha_mode': facts['ha_mode'],
        'masters': summary['masters'],
        'live_workers': live,
        'lost_workers': lost,
        'expected_workers': expected,
        'silent_workers': silent,
        'tiers': tiers,
        'zookeeper': zookeeper,
        'run_tests': None if tests is None else int(tests.get('rc', 1)) == 0,
    }
