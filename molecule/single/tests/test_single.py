# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Checks of the single-master cluster the `single` scenario deploys.

Runs once per host; the cluster-wide checks run on the master only and reach
the workers over ssh, as the tests' own host is.
"""

import json
import os
import sys
import uuid

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared'))
# pylint: disable=wrong-import-position
from alluxio_cluster import node  # noqa: E402

MASTER = 'single-master'
WORKERS = ['single-worker1', 'single-worker2']
ALLUXIO = '/opt/alluxio/bin/alluxio'
SITE = '/opt/alluxio/conf/alluxio-site.properties'


def hostname(host):
    return host.check_output('hostname -s')


def as_alluxio(host, command, java_opts=''):
    """Run an `alluxio` CLI command as the service account; fail on a non-zero exit."""
    return host.check_output("runuser -u alluxio -- env ALLUXIO_USER_JAVA_OPTS='%s' %s %s" % (java_opts, ALLUXIO, command))


def properties(host):
    lines = host.file(SITE).content_string.splitlines()
    return dict(line.split('=', 1) for line in lines if line and not line.startswith('#'))


@pytest.fixture
def master(host):
    if hostname(host) != MASTER:
        pytest.skip('cluster-wide check, run from the master only')
    return host


def master_info(host):
    return json.loads(host.check_output('curl -sf http://%s:19999/api/v1/master/info' % MASTER))


def test_site_properties(host):
    site = host.file(SITE)
    assert site.mode == 0o640
    assert site.user == 'root'
    assert site.group == 'alluxio'
    props = properties(host)
    assert props['alluxio.master.hostname'] == MASTER
    assert props['alluxio.master.mount.table.root.ufs'] == '/srv/alluxio-ufs'
    assert props['alluxio.master.journal.type'] == 'UFS'
    assert 'alluxio.zookeeper.enabled' not in props
    name = hostname(host)
    if name in WORKERS:
        assert props['alluxio.worker.hostname'] == name
        assert props['alluxio.worker.tieredstore.level0.dirs.path'] == '/dev/shm'
        assert props['alluxio.worker.ramdisk.size'] == '64MB'
    else:
        assert 'alluxio.worker.hostname' not in props


def test_install_layout(host):
    link = host.file('/opt/alluxio')
    assert link.is_symlink
    assert link.linked_to == '/opt/alluxio-2.9.6'
    # Root's, whole (the role's marker), with nothing the account can change.
    assert host.file('/opt/alluxio-2.9.6/bin/alluxio').user == 'root'
    assert host.file('/opt/alluxio-2.9.6/.datalake-alluxio-release').user == 'root'
    assert host.check_output('find /opt/alluxio-2.9.6/ \\( -not -user root -o -perm /022 \\) -not -type l') == ''
    assert host.file('/opt/alluxio-java').linked_to.startswith('/opt/alluxio-java-')
    assert host.file('/opt/alluxio/conf/workers').content_string.split('\n')[2:4] == WORKERS


def test_processes_run_as_alluxio(host):
    expected = ['alluxio.master.AlluxioMaster', 'alluxio.master.AlluxioJobMaster']
    if hostname(host) in WORKERS:
        expected = ['alluxio.worker.AlluxioWorker', 'alluxio.worker.AlluxioJobWorker']
    listing = host.check_output('ps -eo user:20,args')
    for main_class in expected:
        owners = [line.split()[0] for line in listing.splitlines() if main_class + ' ' in line + ' ' and 'java' in line]
        assert owners == ['alluxio'], '%s: %s' % (main_class, owners)


def test_leader_answers_and_workers_registered(master):
    info = master_info(master)
    assert info['rpcAddress'].startswith(MASTER)
    registered = sorted(worker['address']['host'] for worker in info['workers'])
    assert registered == WORKERS


def test_fs_mkdir_and_ls(master):
    directory = '/molecule-%s' % uuid.uuid4().hex[:8]
    # CACHE_THROUGH writes the directory to the root under-storage at once
    # (the default, ASYNC_THROUGH, persists later). The option reaches the
    # shell because alluxio-env.sh keeps the caller's ALLUXIO_USER_JAVA_OPTS.
    as_alluxio(master, 'fs mkdir %s' % directory, '-Dalluxio.user.file.writetype.default=CACHE_THROUGH')
    assert directory in as_alluxio(master, 'fs ls /')
    assert master.file('/srv/alluxio-ufs' + directory).is_directory
    # Every node mounts the same under-storage directory.
    worker = node(WORKERS[1])
    assert worker.file('/srv/alluxio-ufs' + directory).is_directory


def test_file_written_on_one_worker_is_listed_on_the_other(master):
    writer = node(WORKERS[0])
    reader = node(WORKERS[1])
    name = '/molecule-shared-%s' % uuid.uuid4().hex[:8]
    as_alluxio(writer, 'fs copyFromLocal /etc/os-release %s' % name)
    assert name in as_alluxio(reader, 'fs ls /')
    assert 'Debian' in as_alluxio(reader, 'fs cat %s' % name)
