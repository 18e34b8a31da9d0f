# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Checks of the ZooKeeper-HA cluster the `lifecycle` scenario deploys, after
the day-2 steps of side_effect.yml (failover drill, property change, a killed
worker, a restarted master host, rolling restart, stop and start, backup and
restore, the upgrade to 2.9.6).

Runs once per Alluxio node; the cluster-wide checks run on the first master
only. ZooKeeper is read from the controller with kazoo, as the lookup does.
"""

import json
import os
import re
import sys

import pytest
from kazoo.client import KazooClient

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
# pylint: disable=wrong-import-position,unused-import
from alluxio_cluster import (  # noqa: E402,F401 (first_master is a fixture)
    ALLUXIO_NODES, HARDENED, INVENTORY, MASTERS, RUNNER, WORKERS, as_alluxio, first_master, name_of, node, properties,
    sandbox_settings, unit_exposure, writable_for)

# The nodes testinfra runs every test on.
testinfra_hosts = ALLUXIO_NODES
ZOOKEEPERS = sorted(RUNNER.get_hosts('zookeeper'))
SSH = 'ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o ConnectTimeout=5'


@pytest.fixture(scope='module')
def zookeeper():
    """A kazoo client on the ensemble, by container address (the controller has no /etc/hosts entries)."""
    addresses = []
    for name in ZOOKEEPERS:
        words = node(name).check_output('ip -4 -o route get 1.1.1.1').split()
        addresses.append(words[words.index('src') + 1] + ':2181')
    client = KazooClient(hosts=','.join(addresses), timeout=10)
    client.start(timeout=30)
    yield client
    client.stop()
    client.close()


def test_site_properties_enable_zookeeper_ha(host):
    props = properties(host)
    assert props['alluxio.zookeeper.enabled'] == 'true'
    assert props['alluxio.zookeeper.address'] == ','.join(z + ':2181' for z in ZOOKEEPERS)
    assert props['alluxio.zookeeper.election.path'] == '/alluxio/election'
    assert props['alluxio.zookeeper.leader.path'] == '/alluxio/leader'
    assert props['alluxio.zookeeper.session.timeout'] == '10s'
    assert props['alluxio.master.journal.type'] == 'UFS'
    assert props['alluxio.master.journal.folder'] == 'hdfs://lc-hdfs1:8020/alluxio/journal'
    assert props['alluxio.master.mount.table.root.ufs'] == 'hdfs://lc-hdfs1:8020/alluxio_another/'
    assert props['alluxio.underfs.hdfs.configuration'] == '/opt/alluxio/conf/core-site.xml:/opt/alluxio/conf/hdfs-site.xml'
    assert props['alluxio.master.audit.logging.enabled'] == 'true'
    assert props['alluxio.security.authorization.permission.supergroup'] == 'alluxio'
    if name_of(host) in MASTERS:
        assert props['alluxio.master.hostname'] == name_of(host)
    else:
        # Workers find the leader through ZooKeeper, never by a fixed name.
        assert 'alluxio.master.hostname' not in props


MAIN_CLASSES = {'master': 'alluxio.master.AlluxioMaster', 'worker': 'alluxio.worker.AlluxioWorker'}


def test_units_are_enabled_and_own_the_jvms(host):
    processes = (['master'] if name_of(host) in MASTERS else []) + (['worker'] if name_of(host) in WORKERS else [])
    for process in processes:
        unit = host.service('alluxio-' + process)
        assert unit.is_enabled and unit.is_running, process
        main_pid = host.check_output('systemctl show -p MainPID --value alluxio-%s' % process)
        jvms = host.check_output('pgrep -u alluxio -f %s || true' % MAIN_CLASSES[process]).split()
        assert jvms == [main_pid], (process, jvms, main_pid)
        assert host.check_output('systemctl show -p LimitNOFILE --value alluxio-%s' % process) == '65536'
        assert host.check_output('systemctl show -p Restart --value alluxio-%s' % process) == 'on-failure'


def test_units_are_sandboxed(host):
    """alluxio_ha_unit_hardening: systemd rates each unit below 6.0; in a JVM's
    mount namespace the system and the release are read-only, even for root,
    while the process's own directories stay writable; the logs it wrote are
    not readable by others."""
    for process in (['master'] if name_of(host) in MASTERS else []) + (['worker'] if name_of(host) in WORKERS else []):
        unit = 'alluxio-' + process
        assert unit_exposure(host, unit + '.service') < 6.0
        assert sandbox_settings(host, unit) == HARDENED
        pid = host.check_output('systemctl show -p MainPID --value %s' % unit)
        status = host.file('/proc/%s/status' % pid).content_string
        assert re.search(r'^NoNewPrivs:\s+1$', status, re.M) and re.search(r'^CapBnd:\s+0+$', status, re.M), status
        for path in ('/etc', '/opt/alluxio/conf', '/usr/bin'):
            assert not writable_for(host, pid, path), (unit, path)
        own = ['/var/lib/alluxio', '/var/log/alluxio'] + (['/mnt/ramdisk', '/var/lib/alluxio-ssd'] if process == 'worker' else [])
        for path in own:
            assert writable_for(host, pid, path), (unit, path)
        # The log the unit's JVM writes (umask 0027).
        mode = host.check_output('stat -c %%a %s', '/var/log/alluxio/%s.log' % process)
        assert int(mode, 8) & 0o027 == 0, (process, mode)


def test_masters_audit_the_namespace(first_master):
    """alluxio_config_audit_log: the masters that led logged who did what; the log is not readable by others."""
    entries = []
    for name in MASTERS:
        master = node(name)
        log = master.file('/var/log/alluxio/master_audit.log')
        if log.exists:
            assert log.mode & 0o027 == 0, (name, oct(log.mode))
            entries += [line for line in log.content_string.splitlines() if 'cmd=' in line]
    # The drill's marker, written through the leader of the day.
    assert any('ugi=' in line and 'allowed=true' in line and 'cmd=create' in line for line in entries), entries[-20:]


def test_property_change_reached_the_configuration(host):
    assert properties(host)['alluxio.user.file.writetype.default'] == 'CACHE_THROUGH'


def test_one_master_jvm_per_master(host):
    count = host.run('pgrep -u alluxio -f alluxio.master.AlluxioMaster').stdout.split()
    assert len(count) == (1 if name_of(host) in MASTERS else 0)


def test_exactly_one_leader_and_both_masters_elect(zookeeper, first_master):
    leaders = zookeeper.get_children('/alluxio/leader')
    assert len(leaders) == 1, leaders
    assert leaders[0].split(':')[0] in MASTERS
    participants = sorted(zookeeper.get('/alluxio/election/' + child)[0].decode().split(':')[0]
                          for child in zookeeper.get_children('/alluxio/election'))
    assert participants == MASTERS


def test_every_master_reports_the_zookeeper_leader(zookeeper):
    leader = zookeeper.get_children('/alluxio/leader')[0].split(':')[0]
    for name in MASTERS:
        info = as_alluxio(node(name), 'fs masterInfo')
        # host:port, or host/ip:port (InetSocketAddress) in older releases.
        assert re.search(r'^Current leader master: %s[:/]' % re.escape(leader), info, re.M), info


def test_every_worker_registered_with_the_leader(zookeeper, first_master):
    leader = zookeeper.get_children('/alluxio/leader')[0].split(':')[0]
    info = json.loads(first_master.check_output('curl -sf http://%s:19999/api/v1/master/info' % leader))
    assert sorted(worker['address']['host'] for worker in info['workers']) == WORKERS


def test_drill_marker_survived_the_failover(first_master):
    runs = [line.split()[-1] for line in as_alluxio(first_master, 'fs ls /failover-drill').splitlines() if line.strip()]
    assert runs, 'side_effect.yml (the failover drill) left no marker'
    assert 'failover drill' in as_alluxio(first_master, 'fs cat %s/marker.txt' % runs[-1])


def test_masters_reach_every_node_as_alluxio(host):
    if name_of(host) not in MASTERS:
        pytest.skip('only masters connect out')
    for target in sorted(set(MASTERS) | set(WORKERS)):
        result = host.run('runuser -u alluxio -- %s %s hostname' % (SSH, target))
        assert result.rc == 0, '%s -> %s: %s' % (name_of(host), target, result.stderr)
        assert result.stdout.strip() == target
