# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The whole-site checks of module_utils/site_preflight.py."""

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils import site_preflight as sp

PORTS = {
    'alluxio_zookeeper_port': 2181,
    'alluxio_master_rpc_port': 19998, 'alluxio_master_web_port': 19999,
    'alluxio_master_embedded_journal_port': 19200,
    'alluxio_worker_rpc_port': 29999, 'alluxio_worker_web_port': 30000,
    'alluxio_job_master_rpc_port': 20001, 'alluxio_job_master_web_port': 20002,
    'alluxio_job_worker_rpc_port': 30001, 'alluxio_job_worker_web_port': 30003,
}
ZK = {'zookeeper_client_port': 2181, 'zookeeper_quorum_port': 2888, 'zookeeper_election_port': 3888}


def alluxio(name, processes, **extra):
    values = dict(PORTS, address=name, processes=processes, ha_mode='zookeeper', journal_folder='hdfs://nn/j',
                  journal_shared=False, root_ufs='hdfs://nn/ufs', root_ufs_shared=False, zookeeper_enabled=False,
                  ramdisk_size='1GB')
    values.update(extra)
    return values


def site(**changes):
    nodes = {
        'm1': {'machine': 'm1', 'alluxio': alluxio('m1', ['master', 'worker']), 'zookeeper': dict(ZK, address='m1'),
               'mem_total_mb': 8192},
        'm2': {'machine': 'm2', 'alluxio': alluxio('m2', ['master']), 'zookeeper': dict(ZK, address='m2'),
               'mem_total_mb': 8192},
        'w1': {'machine': 'w1', 'alluxio': alluxio('w1', ['worker']), 'zookeeper': dict(ZK, address='w1'),
               'mem_total_mb': 8192},
    }
    for name, change in changes.items():
        for key, value in change.items():
            if key in ('alluxio', 'zookeeper') and isinstance(value, dict):
                nodes.setdefault(name, {'machine': name})
                nodes[name][key] = dict(nodes[name].get(key) or {}, **value)
            else:
                nodes.setdefault(name, {})[key] = value
    return nodes


def test_a_consistent_site_has_no_problem():
    assert sp.site_problems(site()) == []


@pytest.mark.parametrize('text, expected', [
    ('512MB', 512 << 20), ('4GB', 4 << 30), ('1g', 1 << 30), ('64', 64), ('1.5GB', int(1.5 * (1 << 30))),
    ('10 GB', None), (' 1GB', None), ('1XB', None), ('', None), ('GB', None),
])
def test_size_bytes(text, expected):
    assert sp.size_bytes(text) == expected


@pytest.mark.parametrize('version, ok', [
    ('2.9.6', True), ('2.0.0', True), ('1.8.1', True), ('1.1.0', True),
    ('1.0.1', False), ('2.9', False), ('2.9.6-rc1', False), ('2.10.0', False), ('3.0.0', False), ('', False),
])
def test_supported_version(version, ok):
    assert sp.supported_version(version) is ok


def test_one_machine_under_two_names():
    problems = sp.site_problems(site(w2={'machine': 'w1', 'alluxio': alluxio('w2', ['worker']), 'zookeeper': None}))
    assert any('hosts w1, w2 are one machine (ansible_host w1)' in p for p in problems)


def test_two_hosts_claiming_one_alluxio_name():
    problems = sp.site_problems(site(m2={'alluxio': {'address': 'node'}}, w1={'alluxio': {'address': 'node'}}))
    assert any('hosts m2, w1 all claim the Alluxio name node' in p for p in problems)


def test_zookeeper_on_the_master_rpc_port():
    problems = sp.site_problems(site(m1={'zookeeper': {'zookeeper_client_port': 19998}}))
    assert any(p.startswith('m1: port 19998 is taken twice') for p in problems)


def test_zookeeper_and_alluxio_disagree_on_the_port():
    problems = sp.site_problems(site(**{n: {'alluxio': {'alluxio_zookeeper_port': 2182}} for n in ('m1', 'm2', 'w1')}))
    assert len([p for p in problems if 'alluxio_zookeeper_port' in p]) == 1


def test_embedded_port_only_counts_on_embedded_masters():
    assert sp.site_problems(site(w1={'alluxio': {'alluxio_worker_rpc_port': 19200}})) == []
    problems = sp.site_problems(site(m1={'alluxio': {'ha_mode': 'embedded', 'alluxio_worker_rpc_port': 19200}}))
    assert any('port 19200 is taken twice' in p for p in problems)


def test_even_embedded_quorum():
    embedded = {'ha_mode': 'embedded', 'journal_folder': '/var/lib/alluxio/journal'}
    problems = sp.site_problems(site(m1={'alluxio': embedded}, m2={'alluxio': embedded}))
    assert any('embedded with 2 masters (m1, m2)' in p for p in problems)


def test_embedded_journal_shared_or_under_the_shared_ufs():
    shared = sp.site_problems(site(m1={'alluxio': {'ha_mode': 'embedded', 'journal_shared': True}}))
    assert any('alluxio_journal_shared is true' in p for p in shared)
    inside = sp.site_problems(site(m1={'alluxio': {'ha_mode': 'embedded', 'journal_folder': '/srv/ufs/journal',
                                                   'root_ufs': '/srv/ufs', 'root_ufs_shared': True}}))
    assert any('inside the shared root under-storage /srv/ufs' in p for p in inside)
    beside = sp.site_problems(site(m1={'alluxio': {'ha_mode': 'embedded', 'journal_folder': '/srv/ufs2/journal',
                                                   'root_ufs': '/srv/ufs', 'root_ufs_shared': True}}))
    assert not any('shared root' in p for p in beside)


def test_embedded_with_zookeeper_enabled_by_a_property():
    problems = sp.site_problems(site(m1={'alluxio': {'ha_mode': 'embedded', 'zookeeper_enabled': 'True'}}))
    assert any('alluxio.zookeeper.enabled=true' in p for p in problems)


def test_ramdisk_larger_than_memory_only_on_workers():
    problems = sp.site_problems(site(w1={'alluxio': {'ramdisk_size': '16GB'}}, m2={'alluxio': {'ramdisk_size': '16GB'}}))
    assert problems == ['w1: alluxio_worker_ramdisk_size is 16GB but the host has 8192 MB of memory: lower the '
                        'ramdisk size (it is memory the worker pins).']
    assert sp.site_problems(site(w1={'alluxio': {'ramdisk_size': '16GB'}, 'mem_total_mb': None})) == []


def test_loopback_zookeeper_address():
    problems = sp.site_problems(site(m2={'zookeeper': {'address': '127.0.0.1'}}))
    assert any(p.startswith('m2: its ZooKeeper address is 127.0.0.1') for p in problems)


MOUNTINFO = '22 1 0:21 / / rw - overlay overlay rw\n30 22 8:1 /e /srv/alluxio-shared rw - nfs4 s:/e rw\n'


def test_a_shared_local_journal_or_ufs_must_be_mounted():
    shared = {'journal_folder': '/srv/alluxio-shared/journal', 'journal_shared': True,
              'root_ufs': 'file:///srv/alluxio-shared/ufs', 'root_ufs_shared': 'true'}
    nodes = site(m1={'alluxio': shared, 'mountinfo': MOUNTINFO}, m2={'alluxio': shared, 'mountinfo': MOUNTINFO},
                 w1={'alluxio': shared, 'mountinfo': MOUNTINFO})
    assert sp.shared_mount_problems(nodes) == []
    unmounted = '22 1 0:21 / / rw - overlay overlay rw\n'
    nodes['m2']['mountinfo'] = unmounted
    nodes['w1']['mountinfo'] = unmounted
    problems = sp.shared_mount_problems(nodes)
    assert problems == [
        'm2: alluxio_journal_folder /srv/alluxio-shared/journal is on no mounted file system (its nearest mount '
        'point is /) although alluxio_journal_shared is true: the share is not mounted on this host. Mount it '
        '(every node that uses it mounts the same share there) or fix alluxio_journal_folder, then run again; '
        'no host was changed.',
        'm2: alluxio_root_ufs /srv/alluxio-shared/ufs is on no mounted file system (its nearest mount point is /) '
        'although alluxio_root_ufs_shared is true: the share is not mounted on this host. Mount it (every node '
        'that uses it mounts the same share there) or fix alluxio_root_ufs, then run again; no host was changed.',
        # a worker has no journal
        'w1: alluxio_root_ufs /srv/alluxio-shared/ufs is on no mounted file system (its nearest mount point is /) '
        'although alluxio_root_ufs_shared is true: the share is not mounted on this host. Mount it (every node '
        'that uses it mounts the same share there) or fix alluxio_root_ufs, then run again; no host was changed.',
    ]
    # not shared, remote, or mounts unknown: nothing to say
    nodes['m2']['alluxio'].update(journal_shared=False, root_ufs='hdfs://nn/ufs')
    nodes['w1']['mountinfo'] = ''
    assert sp.shared_mount_problems(nodes) == []
