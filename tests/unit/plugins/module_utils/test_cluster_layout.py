# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The alluxio_ha preflight's layout checks (module_utils/cluster_layout.py, filter alluxio_cluster_problems)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter import alluxio as filters
from ansible_collections.datalake.alluxio.plugins.module_utils import cluster_layout as c


def settings(**changes):
    base = {
        'version': '2.9.6', 'ha_mode': 'zookeeper', 'worker_batch': 1, 'masters_group': 'alluxio_masters',
        'workers_group': 'alluxio_workers', 'masters': ['m1', 'm2'], 'workers': ['m2', 'w1'],
        'addresses': {'m1': 'm1', 'm2': 'm2', 'w1': 'w1'}, 'root_ufs': 'hdfs://nn:8020/alluxio', 'root_ufs_shared': False,
        'zookeeper_group': 'zookeeper', 'zookeeper_hosts': ['z1', 'z2', 'z3'], 'zookeeper_address': 'z1:2181,z2:2181,z3:2181',
        'session_timeout': '6s', 'zookeeper_max_session_timeout_ms': 120000, 'properties': {},
        'journal_folder': '/srv/nfs/journal', 'journal_shared': True, 'ramdisk_size': '1GB',
        'hadoop_conf': {'core-site.xml': '<configuration/>', 'hdfs-site.xml': '<configuration/>'},
        'format_remote_journal': '', 'zookeeper_auth': False, 'zookeeper_auth_user': 'alluxio', 'zookeeper_auth_password': '',
        'sandbox_paths': {'alluxio_data_dir': ['/var/lib/alluxio'], 'alluxio_ha_unit_write_paths': []},
    }
    base.update(changes)
    return base


def test_healthy_cluster_has_no_problem():
    assert c.layout_problems(settings()) == []
    assert c.layout_problems(settings(ha_mode='embedded', masters=['m1', 'm2', 'm3'], zookeeper_hosts=[],
                                      zookeeper_max_session_timeout_ms=None, journal_folder='/var/lib/alluxio/journal',
                                      journal_shared=False)) == []


def test_settings():
    assert c.layout_problems(settings(version='2.9', ha_mode='raft', worker_batch='0', ramdisk_size='1 GB')) == [
        'alluxio: alluxio_version is "2.9", not a release these roles drive (1.1-1.8 or 2.0-2.9, written in full such as'
        ' 2.9.6): fix alluxio_version.',
        'alluxio: alluxio_ha_mode is "raft": use single, zookeeper or embedded.',
        'alluxio: alluxio_ha_worker_batch is 0: below 1 (throttle 0) every worker would start or restart at once; set it to'
        ' 1 or more.',
        'alluxio: alluxio_worker_ramdisk_size is "1 GB", which Alluxio cannot parse: write a number and a unit with no'
        ' space, such as 512MB or 4GB.']
    assert 'alluxio_ha_worker_batch is x: below 1' in c.layout_problems(settings(worker_batch='x'))[0]


def test_groups_and_addresses():
    assert c.layout_problems(settings(masters=[], workers=[], addresses={})) == [
        "alluxio: group 'alluxio_masters' (alluxio_masters_group) has no hosts: add the master(s) to it.",
        "alluxio: group 'alluxio_workers' (alluxio_workers_group) has no hosts: add the workers to it."]
    assert c.layout_problems(settings(addresses={'m1': '127.0.1.1', 'm2': 'localhost', 'w1': 'w1'})) == [
        'alluxio: m1: its Alluxio address is "127.0.1.1", a loopback name other nodes cannot reach: set alluxio_hostname'
        ' for m1 to its externally visible name or IP (or rename it in the inventory).',
        'alluxio: m2: its Alluxio address is "localhost", a loopback name other nodes cannot reach: set alluxio_hostname'
        ' for m2 to its externally visible name or IP (or rename it in the inventory).']


def test_local_root_ufs_on_several_nodes():
    assert c.layout_problems(settings(root_ufs='/srv/ufs')) == [
        'alluxio: alluxio_root_ufs is the local path /srv/ufs but the cluster has 3 nodes (m1, m2, w1); every node would'
        ' see different data. Use shared storage (hdfs://, s3://...), or, when that path is the same NFS/bind mount on'
        ' every node, set alluxio_root_ufs_shared: true.']
    assert c.layout_problems(settings(root_ufs='/srv/ufs', root_ufs_shared=True)) == []


def test_single_mode_with_two_masters():
    assert c.layout_problems(settings(ha_mode='single')) == [
        "alluxio: alluxio_ha_mode is single but group 'alluxio_masters' (alluxio_masters_group) has 2 hosts (m1, m2):"
        ' keep one master, or set alluxio_ha_mode to zookeeper or embedded.']


def test_zookeeper_mode():
    assert c.layout_problems(settings(zookeeper_hosts=['z1', 'z2'], zookeeper_address=' ', session_timeout='six',
                                      properties={'alluxio.master.journal.type': 'EMBEDDED'})) == [
        "alluxio: alluxio_ha_mode is zookeeper but group 'zookeeper' (alluxio_zookeeper_group) has 2 host(s); an HA"
        ' ensemble needs an odd number of at least 3.',
        'alluxio: alluxio_zookeeper_address is empty: set it to host:port,... of the ensemble.',
        'alluxio: alluxio_zookeeper_session_timeout is "six": use milliseconds or a number with ms, s, min or h (for'
        ' example 60s).',
        'alluxio: alluxio_config_properties sets alluxio.master.journal.type=EMBEDDED, but ZooKeeper HA needs a UFS'
        ' journal (an embedded journal and ZooKeeper cannot be used together): remove that override, or use'
        ' alluxio_ha_mode: embedded.']
    assert c.layout_problems(settings(session_timeout='3min')) == [
        'alluxio: ZooKeeper allows sessions of at most 120000 ms (maxSessionTimeout) but alluxio_zookeeper_session_timeout'
        ' asks for 180000 ms: raise zookeeper_max_session_timeout_ms to at least 180000 (then set'
        ' alluxio_ha_zookeeper_max_session_timeout_ms if the ensemble is not managed here), or lower the Alluxio timeout.']
    assert c.layout_problems(settings(properties={'alluxio.master.journal.type': 'ufs'})) == []


def test_journal():
    assert c.layout_problems(settings(journal_shared=False)) == [
        'alluxio: alluxio_journal_folder is the local path /srv/nfs/journal but 2 masters must all read the same journal:'
        ' use a shared URI such as hdfs://namenode:8020/alluxio/journal, or set alluxio_journal_shared: true when that'
        ' path is the same NFS mount on every master.']
    embedded = settings(ha_mode='embedded', version='1.8.1', journal_folder='hdfs://nn:8020/journal')
    assert c.layout_problems(embedded) == [
        'alluxio: alluxio_ha_mode is embedded but Alluxio 1.8.1 has no embedded journal (2.0 and later): use zookeeper.',
        'alluxio: alluxio_ha_mode is embedded but alluxio_journal_folder is hdfs://nn:8020/journal; an embedded journal'
        ' must be a local directory on each master: set a local path.']


def test_storage_problems_follow():
    problems = c.layout_problems(settings(journal_folder='s3://bucket/journal'))
    assert problems == ['alluxio: alluxio_journal_folder is s3://bucket/journal: a shared UFS journal must be on HDFS'
                        ' (hdfs://...) or on a mount every master shares (a path, with alluxio_journal_shared: true); only'
                        ' those can be read before a format.']


def test_filter_wants_complete_settings():
    incomplete = settings()
    del incomplete['ramdisk_size']
    with pytest.raises(AnsibleFilterError, match='settings lack ramdisk_size'):
        filters.alluxio_cluster_problems(incomplete)
    with pytest.raises(AnsibleFilterError, match='expected a dict'):
        filters.alluxio_cluster_problems([])


def test_zookeeper_logins_need_a_password_a_jaas_file_carries():
    problems = c.layout_problems(settings(zookeeper_auth=True))
    assert problems == ['alluxio: alluxio_zookeeper_auth_password (the masters log in to ZooKeeper with it:'
                        ' alluxio_zookeeper_auth_enabled) is empty: set it (vault it).']
    problems = c.layout_problems(settings(zookeeper_auth=True, zookeeper_auth_user='al luxio', zookeeper_auth_password='a"b'))
    assert len(problems) == 2 and not any('a"b' in p for p in problems)
    assert c.layout_problems(settings(zookeeper_auth=True, zookeeper_auth_password='s3cret')) == []


def test_sandbox_paths_systemd_would_misread_are_refused_by_variable():
    problems = c.layout_problems(settings(sandbox_paths={'alluxio_ha_unit_write_paths': ['/srv/ok', '/srv/heap dumps'],
                                                         'alluxio_logs_dir': ['var/log/alluxio']}))
    assert problems == [
        "alluxio: alluxio_ha_unit_write_paths: '/srv/heap dumps' is not an absolute path of letters, digits and . _ + @ : , = / -"
        " (systemd splits on spaces and expands %-specifiers), which the sandbox of the Alluxio units cannot make writable:"
        " fix the path, or set alluxio_ha_unit_hardening: false.",
        "alluxio: alluxio_logs_dir: 'var/log/alluxio' is not an absolute path of letters, digits and . _ + @ : , = / -"
        " (systemd splits on spaces and expands %-specifiers), which the sandbox of the Alluxio units cannot make writable:"
        " fix the path, or set alluxio_ha_unit_hardening: false."]
