# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The alluxio_docker filters: container plan and the preflight checks."""

from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter import alluxio_docker as f

PORTS = {'master': [19998, 19999, 19200], 'worker': [29999, 30000], 'client': []}


def plan(containers, host='dh1', mode='bridge', shm='96m', masters=1, workers=1, address=None):
    return f.alluxio_docker_host_plan(containers, host, address or host, mode, 'mdk', masters, workers, PORTS, shm)


def errors(host_plans, host='dh1', existing=None, ha='embedded', ramdisk='64MB'):
    return f.alluxio_docker_preflight_errors(f.alluxio_docker_cluster(host_plans), host, existing or [], ha, ramdisk,
                                             'datalake.alluxio.cluster', 'mdk')


HA = [{'name': 'mdk-master%d' % i, 'process': 'master'} for i in (1, 2, 3)] + [{'name': 'mdk-worker1',
                                                                               'process': 'worker'}]


@pytest.mark.parametrize('value,expected', [
    ('64MB', 64 << 20), ('96m', 96 << 20), ('1g', 1 << 30), ('1GB', 1 << 30), ('512', 512), ('2GiB', 2 << 30),
    (1024, 1024), ('lots', None), (None, None), (True, None),
])
def test_size_bytes(value, expected):
    assert f.alluxio_size_bytes(value) == expected


def test_default_plan_names_and_bridge_addresses():
    p = plan([], masters=1, workers=2)
    assert [c['name'] for c in p] == ['mdk-master1', 'mdk-worker1', 'mdk-worker2']
    assert [c['address'] for c in p] == ['mdk-master1', 'mdk-worker1', 'mdk-worker2']
    assert p[1]['shm_size'] == '96m' and 'shm_size' not in p[0]
    assert all(c['host_ports'] == [] for c in p)


def test_host_network_takes_process_ports_and_host_address():
    p = plan([{'name': 'm', 'process': 'master'}], mode='host', address='dh1.example.com')
    assert p[0]['address'] == 'dh1.example.com' and p[0]['hostname'] is None
    assert p[0]['host_ports'] == [('0.0.0.0', 19998), ('0.0.0.0', 19999), ('0.0.0.0', 19200)]


def test_item_without_process_is_refused():
    with pytest.raises(AnsibleFilterError, match='name and a process'):
        plan([{'name': 'x'}])


def test_valid_ha_plan_passes():
    p = plan(HA + [{'name': 'mdk-client1', 'process': 'client'}])
    assert errors([p]) == []
    cluster = f.alluxio_docker_cluster([p])
    assert cluster['master_addresses'] == ['mdk-master1', 'mdk-master2', 'mdk-master3']
    assert cluster['worker_addresses'] == ['mdk-worker1']


def test_even_number_of_embedded_masters():
    msgs = errors([plan(HA[1:])])
    assert len(msgs) == 1 and '2 master containers' in msgs[0] and 'odd number' in msgs[0]


def test_single_mode_needs_exactly_one_master():
    assert 'exactly one' in errors([plan(HA)], ha='single')[0]


def test_zookeeper_mode_needs_an_ensemble_and_two_masters():
    cluster = f.alluxio_docker_cluster([plan(HA[1:])])
    ok = f.alluxio_docker_preflight_errors(cluster, 'dh1', [], 'zookeeper', '64MB', zookeeper_address='zk1:2181',
                                           journal_dir='/srv/journal')
    assert ok == []
    msgs = f.alluxio_docker_preflight_errors(f.alluxio_docker_cluster([plan(HA[2:])]), 'dh1', [], 'zookeeper', '64MB',
                                             journal_dir='/srv/journal')
    assert len(msgs) == 2
    assert 'no ZooKeeper address' in msgs[0] and 'alluxio_zookeeper_address' in msgs[0]
    assert '1 master container(s)' in msgs[1] and 'at least two' in msgs[1]


def test_zookeeper_mode_needs_an_absolute_journal_dir():
    cluster = f.alluxio_docker_cluster([plan(HA[1:])])
    msgs = f.alluxio_docker_preflight_errors(cluster, 'dh1', [], 'zookeeper', '64MB', zookeeper_address='zk1:2181',
                                             journal_dir='journal')
    assert len(msgs) == 1 and "alluxio_docker_journal_dir is 'journal'" in msgs[0]


JOURNAL = '/var/lib/alluxio/journal-store'


def running(name, mount, cluster='mdk'):
    return {'Names': ['/' + name], 'Labels': {'datalake.alluxio.cluster': cluster},
            'Mounts': [dict(mount, Destination=JOURNAL)]}


def journal_errors(ha, existing, journal_dir=''):
    cluster = f.alluxio_docker_cluster([plan(HA if ha != 'zookeeper' else HA[1:])])
    return f.alluxio_docker_preflight_errors(cluster, 'dh1', existing, ha, '64MB', 'datalake.alluxio.cluster', 'mdk',
                                             'zk1:2181', journal_mount=JOURNAL, journal_dir=journal_dir)


def test_a_running_master_keeps_its_journal():
    own = running('mdk-master1', {'Type': 'volume', 'Name': 'mdk-master1-journal'})
    assert journal_errors('embedded', [own]) == []
    shared = running('mdk-master2', {'Type': 'bind', 'Source': '/srv/journal/'})
    assert journal_errors('zookeeper', [shared], '/srv/journal') == []


def test_a_running_master_is_not_moved_to_another_journal():
    own = running('mdk-master2', {'Type': 'volume', 'Name': 'mdk-master2-journal'})
    msgs = journal_errors('zookeeper', [own], '/srv/journal')
    assert len(msgs) == 1
    assert 'mdk-master2 runs on the journal in the volume mdk-master2-journal' in msgs[0] and 'directory /srv/journal' in msgs[0]
    shared = running('mdk-master1', {'Type': 'bind', 'Source': '/srv/journal'})
    msgs = journal_errors('embedded', [shared])
    assert len(msgs) == 1 and 'volume mdk-master1-journal' in msgs[0] and 'lost' in msgs[0]
    moved = running('mdk-master2', {'Type': 'bind', 'Source': '/srv/old-journal'})
    assert len(journal_errors('zookeeper', [moved], '/srv/journal')) == 1


def test_journal_of_another_cluster_or_a_worker_is_not_checked():
    other = running('mdk-master1', {'Type': 'bind', 'Source': '/elsewhere'}, cluster='other')
    msgs = journal_errors('embedded', [other])
    assert len(msgs) == 1 and 'not managed by this collection' in msgs[0]
    worker = running('mdk-worker1', {'Type': 'bind', 'Source': '/elsewhere'})
    assert journal_errors('embedded', [worker]) == []


def test_network_the_role_does_not_create_must_exist():
    cluster = f.alluxio_docker_cluster([plan(HA)])
    msgs = f.alluxio_docker_preflight_errors(cluster, 'dh1', [], 'embedded', '64MB', network='lab',
                                             existing_networks=[{'Name': 'bridge'}])
    assert len(msgs) == 1 and 'network lab does not exist' in msgs[0] and 'alluxio_docker_network_create' in msgs[0]
    assert f.alluxio_docker_preflight_errors(cluster, 'dh1', [], 'embedded', '64MB', network='lab',
                                             existing_networks=[{'Name': 'lab'}]) == []
    host_only = f.alluxio_docker_cluster([plan(HA[:1] + HA[3:], mode='host')])
    assert f.alluxio_docker_preflight_errors(host_only, 'dh1', [], 'single', '64MB', network='lab') == []


def test_shm_smaller_than_ramdisk():
    msgs = errors([plan(HA, shm='32m')])
    assert len(msgs) == 1 and 'mdk-worker1 has shm_size 32m, smaller than alluxio_worker_ramdisk_size 64MB' in msgs[0]
    assert errors([plan(HA, shm='64m')]) == []


def test_unreadable_shm_size():
    assert 'not a size' in errors([plan(HA, shm='big')])[0]


def test_port_published_twice_on_one_host():
    items = [dict(HA[0], published_ports=['39919:19999']), dict(HA[1], published_ports=['127.0.0.1:39919:19998'])]
    msgs = errors([plan(items + HA[2:])])
    assert len(msgs) == 1 and 'host port 39919 is taken twice' in msgs[0] and 'mdk-master1 and mdk-master2' in msgs[0]


def test_same_port_on_distinct_addresses_or_hosts_is_fine():
    items = [dict(HA[0], published_ports=['127.0.0.1:39919:19999']),
             dict(HA[1], published_ports=['127.0.0.2:39919:19999'])]
    assert errors([plan(items + HA[2:])]) == []
    other = plan([{'name': 'mdk-worker9', 'process': 'worker', 'published_ports': ['39919:29999']}], host='dh2')
    assert errors([plan([dict(HA[0], published_ports=['39919:19999'])] + HA[1:]), other]) == []


def test_two_host_network_masters_clash():
    msgs = errors([plan([{'name': 'a', 'process': 'master'}, {'name': 'b', 'process': 'master'},
                         {'name': 'c', 'process': 'master'}, {'name': 'w', 'process': 'worker'}], mode='host')])
    assert any('host port 19998 is taken twice' in m and 'host network' in m for m in msgs)


def test_name_clash_with_unmanaged_container():
    existing = [{'Names': ['/mdk-master2'], 'Labels': {'maintainer': 'someone'}},
                {'Names': ['/mdk-master1'], 'Labels': {'datalake.alluxio.cluster': 'mdk'}},
                {'Names': ['/unrelated'], 'Labels': {}}]
    msgs = errors([plan(HA)], existing=existing)
    assert len(msgs) == 1 and 'named mdk-master2 already exists and is not managed' in msgs[0]


def test_name_clash_with_another_cluster():
    existing = [{'Names': ['/mdk-worker1'], 'Labels': {'datalake.alluxio.cluster': 'other'}}]
    assert 'datalake.alluxio.cluster=other' in errors([plan(HA)], existing=existing)[0]


def test_duplicate_names_across_hosts():
    msgs = errors([plan(HA), plan([{'name': 'mdk-worker1', 'process': 'worker'}], host='dh2')])
    assert len(msgs) == 1 and 'declared 2 times' in msgs[0]


def test_unknown_process_and_no_worker():
    msgs = errors([plan(HA[:3] + [{'name': 'mdk-nfs', 'process': 'nfs'}])])
    assert any("process 'nfs'" in m for m in msgs) and any('no worker' in m for m in msgs)


def test_batches():
    assert f.alluxio_docker_batches([1, 2, 3], 2) == [[1, 2], [3]]
    assert f.alluxio_docker_batches([1, 2], 0) == [[1], [2]]
    assert f.alluxio_docker_batches([], 3) == []


def test_master_info_uses_the_shared_parser():
    out = ('Current leader master: mdk-master2:19998\n'
           'All masters: [mdk-master1:19998, mdk-master2:19998, mdk-master3:19998]\n')
    info = f.alluxio_master_info(out)
    assert info['leader']['host'] == 'mdk-master2' and len(info['masters']) == 3
    assert f.alluxio_master_info('')['leader'] is None


def test_fuse_is_a_process():
    assert errors([plan(HA + [{'name': 'mdk-fuse1', 'process': 'fuse'}])]) == []


# The engine's own words (Docker 20+), as docker_container reports them in msg.
NO_DEVICE = ('Error creating container: 500 Server Error for http+docker://localhost/v1.43/containers/create: '
             'Internal Server Error ("error gathering device information while adding custom device "/dev/fuse": '
             'no such file or directory")')
NOT_SHARED = ('Error starting container abc: 500 Server Error: Internal Server Error '
              '("path /srv/fuse is mounted on / but it is not a shared mount")')
NO_SOURCE = ('Error starting container abc: ("invalid mount config for type "bind": '
             'bind source path does not exist: /srv/fuse")')


@pytest.mark.parametrize('msg,fuse_dir,expected', [
    (NO_DEVICE, '/srv/fuse', ['needs /dev/fuse', 'modprobe fuse']),
    (NOT_SHARED, '/srv/fuse', ['alluxio_docker_fuse_dir /srv/fuse is not on a shared mount',
                               'mount --bind /srv/fuse /srv/fuse && mount --make-rshared /srv/fuse',
                               'bind,rshared']),
    (NO_SOURCE, '/srv/fuse', ['/srv/fuse does not exist on the Docker host']),
    ('Error: something else', '', ['the engine refused', 'something else']),
])
def test_fuse_probe_errors(msg, fuse_dir, expected):
    probes = [{'item': {'name': 'mdk-fuse1', 'fuse_dir': fuse_dir}, 'failed': False, 'msg': msg},
              {'item': {'name': 'mdk-fuse2', 'fuse_dir': ''}, 'failed': False, 'container': {'Id': 'x'}}]
    msgs = f.alluxio_docker_fuse_probe_errors(probes, 'dh1')
    assert len(msgs) == 1 and msgs[0].startswith('dh1: fuse container mdk-fuse1')
    for text in expected:
        assert text in msgs[0]


QUORUM = '''Journal domain\t: MASTER
Quorum size\t: 3
Quorum leader\t: mdk-master1:19200

STATE       | PRIORITY | SERVER ADDRESS
AVAILABLE   | 0        | mdk-master1:19200
AVAILABLE   | 0        | mdk-master2:19200
%s   | 0        | mdk-master3:19200
'''
MASTERS = ['mdk-master1', 'mdk-master2', 'mdk-master3']


@pytest.mark.parametrize('stdout,expected', [
    (QUORUM % 'AVAILABLE', ''),
    (QUORUM % 'UNAVAILABLE', '2 of 3 quorum members AVAILABLE (not: mdk-master3)'),
    ((QUORUM % 'AVAILABLE').replace('Quorum leader', 'Quorum'), 'the embedded journal quorum has no leader'),
    ('', 'the embedded journal quorum has no leader'),
])
def test_rejoin_embedded(stdout, expected):
    assert f.alluxio_docker_rejoin_problem(stdout, 'embedded', MASTERS) == expected


def test_rejoin_zookeeper():
    both = 'Current leader master: mdk-master1:19998\nAll masters: [mdk-master1:19998, mdk-master2:19998]\n'
    assert f.alluxio_docker_rejoin_problem(both, 'zookeeper', MASTERS[:2]) == ''
    one = 'Current leader master: mdk-master1:19998\nAll masters: [mdk-master1:19998]\n'
    assert f.alluxio_docker_rejoin_problem(one, 'zookeeper', MASTERS[:2]) == \
        'not in the ZooKeeper election: mdk-master2'
    assert f.alluxio_docker_rejoin_problem('', 'zookeeper', MASTERS[:2]).startswith('no leader master')
    with pytest.raises(AnsibleFilterError, match='ha_mode'):
        f.alluxio_docker_rejoin_problem('', 'single', MASTERS)


def test_container_report_says_state_and_log():
    report = json.dumps([
        {'name': 'm1', 'status': 'running', 'exit_code': 0, 'restarts': 0, 'oom_killed': False,
         'started_at': '2026-12-07T05:13:33Z', 'log': ['WARN x', 'INFO last']},
        {'name': 'm2', 'status': 'restarting', 'exit_code': 1, 'restarts': 3, 'oom_killed': True,
         'started_at': 'S', 'finished_at': 'F', 'log': []},
        {'name': 'm3', 'error': 'cannot read the container: 404'},
    ])
    text = f.alluxio_docker_container_report(report)
    assert text.startswith('m1: running, started 2026-12-07T05:13:33Z; its log: WARN x | INFO last.')
    assert 'm2: restarting, exit code 1 at F, restarted 3 times by the engine, killed for lack of memory (OOM)' in text
    assert text.endswith('m3: cannot read the container: 404.')


def test_container_report_unreadable():
    assert f.alluxio_docker_container_report('Traceback: boom').startswith('Unreadable container report: Traceback')
    assert f.alluxio_docker_container_report('') == ''


def _container_report_script():
    path = pathlib.Path(__file__).parents[4] / 'roles/alluxio_docker/files/container-report.py'
    spec = importlib.util.spec_from_file_location('container_report', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_container_report_keeps_warnings_and_last_lines():
    script = _container_report_script()
    lines = ['INFO start %d' % i for i in range(50)]
    lines[3] = 'WARN early'
    lines[20] = 'ERROR PrimarySelector - lost'
    lines[30] = 'java.io.IOException: refused'
    kept = script.explaining_lines('\n'.join(lines) + '\n\n')
    assert kept == ['WARN early', 'ERROR PrimarySelector - lost', 'java.io.IOException: refused',
                    'INFO start 46', 'INFO start 47', 'INFO start 48', 'INFO start 49']
    many = script.explaining_lines('\n'.join('WARN %d' % i for i in range(40)))
    assert many == ['WARN %d' % i for i in range(30, 40)]


WEB = {'master': 19999, 'worker': 30000, 'job_master': 20002, 'job_worker': 30003}


def metrics_plan(containers, address='10.0.0.5', mode='bridge', base=19100):
    return f.alluxio_docker_host_plan(containers, 'dh1', 'dh1.example.com', mode, 'mdk', 1, 1, PORTS, '96m',
                                      WEB, address, base)


def test_bridge_containers_publish_their_web_port_on_the_metrics_address():
    containers = HA + [{'name': 'mdk-client1', 'process': 'client'},
                       {'name': 'mdk-jw1', 'process': 'job_worker', 'metrics_port': 29100}]
    result = {c['name']: c for c in metrics_plan(containers)}
    assert [result['mdk-master%d' % i]['metrics_target'] for i in (1, 2, 3)] == [
        '10.0.0.5:19100', '10.0.0.5:19101', '10.0.0.5:19102']
    assert result['mdk-worker1']['published_ports'] == ['10.0.0.5:19103:30000']
    assert result['mdk-worker1']['host_ports'] == [('10.0.0.5', 19103)]
    assert result['mdk-jw1']['metrics_target'] == '10.0.0.5:29100'
    assert result['mdk-client1']['metrics_target'] is None
    assert result['mdk-client1']['published_ports'] == []


def test_the_users_published_ports_stay_and_ipv6_is_bracketed():
    containers = [{'name': 'mdk-master1', 'process': 'master', 'published_ports': ['127.0.0.1:39919:19999']}]
    entry = metrics_plan(containers, address='fd00::5')[0]
    assert entry['published_ports'] == ['127.0.0.1:39919:19999', '[fd00::5]:19100:19999']
    assert entry['metrics_target'] == '[fd00::5]:19100'


def test_no_metrics_address_publishes_nothing_and_host_network_uses_the_hosts_address():
    assert [c['metrics_target'] for c in metrics_plan(HA, address='')] == [None] * 4
    assert [c['published_ports'] for c in metrics_plan(HA, address='')] == [[]] * 4
    host = metrics_plan(HA[:1] + HA[3:], address='', mode='host')
    assert [c['metrics_target'] for c in host] == ['dh1.example.com:19999', 'dh1.example.com:30000']


def test_a_metrics_port_taken_twice_bad_address_and_bad_port_are_refused():
    containers = [dict(HA[0], metrics_port=19101), HA[1], HA[2], dict(HA[3], metrics_port='many')]
    found = f.alluxio_docker_preflight_errors(f.alluxio_docker_cluster([metrics_plan(containers)]), 'dh1', [],
                                              'embedded', '64MB', 'datalake.alluxio.cluster', 'mdk',
                                              metrics_address='docker1.example.com')
    assert any('host port 19101 is taken twice' in e and 'mdk-master2' in e for e in found), found
    assert any("alluxio_docker_metrics_address is 'docker1.example.com', not an IP address" in e for e in found)
    assert any("container mdk-worker1 has metrics_port 'many'" in e for e in found)
