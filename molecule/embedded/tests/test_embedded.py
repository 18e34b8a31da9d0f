# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Checks of the embedded-journal HA cluster the `embedded` scenario deploys,
after side_effect.yml ran the collection's failover drill (the crashed leader
comes back by itself as standby) and its rolling restart.

Runs once per Alluxio node; the cluster-wide checks run on the first master
only. There is no ZooKeeper: the leader comes from the masters themselves.
"""

import json
import os
import re
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
# pylint: disable=wrong-import-position,unused-import
from alluxio_cluster import (  # noqa: E402,F401 (first_master is a fixture)
    ALLUXIO_NODES, INVENTORY, MASTERS, RUNNER, WORKERS, as_alluxio, first_master, name_of, node, properties)

# The nodes testinfra runs every test on.
testinfra_hosts = ALLUXIO_NODES
JOURNAL = '/var/lib/alluxio/journal'
LEADER_LINE = re.compile(r'^Current leader master: ([^:/\s]+)', re.M)


@pytest.fixture(scope='module')
def leader():
    """The leader every master reports through `fs masterInfo` (asserted to be one)."""
    seen = {}
    for name in MASTERS:
        info = as_alluxio(node(name), 'fs masterInfo')
        match = LEADER_LINE.search(info)
        assert match, '%s reports no leader: %s' % (name, info)
        seen[name] = match.group(1)
    assert len(set(seen.values())) == 1, 'masters disagree on the leader: %s' % seen
    return next(iter(seen.values()))


def test_site_properties_enable_the_embedded_journal(host):
    props = properties(host)
    assert props['alluxio.master.journal.type'] == 'EMBEDDED'
    assert props['alluxio.master.embedded.journal.addresses'] == ','.join(m + ':19200' for m in MASTERS)
    assert props['alluxio.master.rpc.addresses'] == ','.join(m + ':19998' for m in MASTERS)
    assert not any(key.startswith('alluxio.zookeeper.') for key in props)
    if name_of(host) in MASTERS:
        assert props['alluxio.master.hostname'] == name_of(host)
        assert props['alluxio.master.journal.folder'] == JOURNAL
    else:
        # Workers find the leader among alluxio.master.rpc.addresses.
        assert 'alluxio.master.hostname' not in props


def test_each_master_keeps_its_own_raft_journal(host):
    if name_of(host) not in MASTERS:
        pytest.skip('masters only')
    raft = host.file(JOURNAL + '/raft')
    assert raft.is_directory
    assert raft.user == 'alluxio'


def test_one_master_jvm_per_master(host):
    pids = host.run('pgrep -u alluxio -f alluxio.master.AlluxioMaster').stdout.split()
    assert len(pids) == (1 if name_of(host) in MASTERS else 0)


def test_every_master_reports_the_same_leader(leader):
    assert leader in MASTERS


def test_all_three_masters_are_in_the_quorum(first_master, leader):
    info = as_alluxio(first_master, 'fsadmin journal quorum info -domain MASTER')
    members = dict((address.split(':')[0], state) for state, address
                   in re.findall(r'^\s*(AVAILABLE|UNAVAILABLE)\s*\|.*?\|\s*(\S+:19200)\s*$', info, re.M))
    assert sorted(members) == MASTERS, info
    assert set(members.values()) == {'AVAILABLE'}, info
    assert re.search(r'Quorum leader\s*:\s*%s:19200' % re.escape(leader), info), info


def test_every_worker_registered_with_the_leader(first_master, leader):
    info = json.loads(first_master.check_output('curl -sf http://%s:19999/api/v1/master/info' % leader))
    assert sorted(worker['address']['host'] for worker in info['workers']) == WORKERS


def test_marker_written_before_the_failover_is_readable(first_master):
    runs = [line.split()[-1] for line in as_alluxio(first_master, 'fs ls /embedded-drill').splitlines() if line.strip()]
    assert runs, 'side_effect.yml (the failover) left no marker'
    assert 'failover drill' in as_alluxio(first_master, 'fs cat %s/marker.txt' % sorted(runs)[-1])


def test_every_process_serves_its_prometheus_metrics(host):
    conf = host.file('/opt/alluxio/conf/metrics.properties').content_string
    assert 'sink.prometheus.class=alluxio.metrics.sink.PrometheusMetricsServlet' in conf
    if name_of(host) in WORKERS:
        metrics = host.check_output('curl -sf http://%s:30000/metrics/prometheus/' % name_of(host))
        assert re.search(r'^Worker_', metrics, re.M), metrics[:500]


def test_prometheus_scrapes_the_leader_every_worker_and_node(first_master, leader):
    """Prometheus' own view of its targets (role monitoring on the monitoring host)."""
    monitor = node(sorted(RUNNER.get_hosts('monitoring'))[0])
    targets = json.loads(monitor.check_output('curl -sf http://127.0.0.1:9090/api/v1/targets'))['data']['activeTargets']
    up = {(t['labels']['job'], t['labels']['host']): t['health'] for t in targets}
    assert {h for (job, h), health in up.items() if job == 'alluxio_master' and health == 'up'} == {leader}, up
    assert {h for (job, h), health in up.items() if job == 'alluxio_worker' and health == 'up'} == set(WORKERS), up
    assert {h for (job, h), health in up.items() if job == 'node' and health == 'up'} == \
        set(ALLUXIO_NODES) | set(RUNNER.get_hosts('monitoring')), up
    assert all(t['labels']['cluster'] == 'embedded' for t in targets)
    rules = json.loads(monitor.check_output('curl -sf http://127.0.0.1:9090/api/v1/rules'))['data']['groups']
    assert {g['name'] for g in rules} == {'alluxio', 'zookeeper', 'systemd'}
    assert all(r['health'] == 'ok' for g in rules for r in g['rules']), rules
