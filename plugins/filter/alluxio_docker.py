# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the alluxio_docker role: container plan, preflight checks, leader and rejoin parsing, container reports.

Each filter is documented in its own .yml file beside this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import json
import re

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import parse_master_info
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_health import masters_problem
from ansible_collections.datalake.alluxio.plugins.module_utils.ports import tcp_port

PROCESSES = ('master', 'worker', 'job_master', 'job_worker', 'proxy', 'client', 'fuse')
# Processes whose address other containers need in the configuration.
MASTER_PROCESSES = ('master', 'job_master')
WORKER_PROCESSES = ('worker', 'job_worker')

_SIZE = re.compile(r'^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$', re.IGNORECASE)
_FACTORS = {'': 1, 'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30, 't': 1 << 40, 'p': 1 << 50}
_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_.-]*$')


def size_bytes(value):
    """Bytes of a Docker (128m, 1g) or Alluxio (64MB, 1GB) size; None when unreadable.

    Both count in powers of 1024; a bare number is bytes.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = _SIZE.match(str(value))
    if not match:
        return None
    return int(float(match.group(1)) * _FACTORS[match.group(2).lower()])


def _host_port(spec):
    """Host port of a published port spec: 8080:80, 1.2.3.4:8080:80, 8080:80/tcp, 80."""
    text = str(spec).split('/', maxsplit=1)[0]
    parts = text.split(':')
    if len(parts) == 1:
        return None  # container port only: Docker picks a free host port
    port = parts[-2]
    ip = ':'.join(parts[:-2]) or '0.0.0.0'
    return (ip, int(port)) if port.isdigit() else None


def alluxio_docker_host_plan(containers, docker_host, address, network_mode, prefix='alluxio',
                             masters=1, workers=1, process_ports=None, shm_size=None,
                             web_ports=None, metrics_address='', metrics_port_base=19100):
    """The containers of one Docker host, with defaults filled in.

    ``containers`` (the user's list) wins; when empty, ``masters`` master and
    ``workers`` worker containers named ``<prefix>-master<N>``/``<prefix>-worker<N>``.

    ``web_ports`` maps a process to its web port, which also serves its
    Prometheus metrics. Each container with one gets ``metrics_target``, the
    address:port Prometheus scrapes: on the host network the Docker host's
    address and the port itself; on a bridge network, when ``metrics_address``
    (an IP of the Docker host) is set, the web port published there on the
    item's ``metrics_port`` (default ``metrics_port_base`` plus the container's
    place among this host's bridge containers with a web port); else None.
    """
    process_ports = process_ports or {}
    web_ports = web_ports or {}
    metrics_address = str(metrics_address or '').strip()
    base = tcp_port(metrics_port_base) or 0
    published = 0
    if not containers:
        containers = ([{'name': '%s-master%d' % (prefix, i + 1), 'process': 'master'} for i in range(int(masters))]
                      + [{'name': '%s-worker%d' % (prefix, i + 1), 'process': 'worker'} for i in range(int(workers))])
    plan = []
    for item in containers:
        if not isinstance(item, dict) or 'name' not in item or 'process' not in item:
            raise AnsibleFilterError('alluxio_docker_containers on %s: every item needs a name and a process, got %r'
                                     % (docker_host, item))
        mode = item.get('network_mode', network_mode)
        entry = dict(item)
        entry['docker_host'] = docker_host
        entry['network_mode'] = mode
        entry.setdefault('published_ports', [])
        entry.setdefault('properties', {})
        web_port = tcp_port(web_ports.get(item['process']))
        entry['web_port'] = web_port
        entry['metrics_target'] = None
        if mode == 'host':
            # Same network namespace as the Docker host: its name, its ports.
            entry['hostname'] = None
            entry.setdefault('address', address)
            entry['host_ports'] = [('0.0.0.0', int(p)) for p in process_ports.get(item['process'], [])]
            if web_port:
                entry['metrics_target'] = '%s:%d' % (entry['address'], web_port)
        else:
            entry.setdefault('hostname', item['name'])
            entry.setdefault('address', entry['hostname'])
            if web_port and metrics_address:
                port = tcp_port(item['metrics_port']) if 'metrics_port' in item else base + published
                published += 1
                if port:
                    host_ip = '[%s]' % metrics_address if ':' in metrics_address else metrics_address
                    entry['published_ports'] = list(entry['published_ports']) + [
                        '%s:%d:%d' % (host_ip, port, web_port)]
                    entry['metrics_target'] = '%s:%d' % (host_ip, port)
            entry['host_ports'] = [p for p in (_host_port(s) for s in entry['published_ports']) if p]
        if item['process'] == 'worker':
            entry.setdefault('shm_size', shm_size)
        plan.append(entry)
    return plan


def alluxio_docker_cluster(host_plans):
    """Merge the per-host plans: every container, the master and worker addresses."""
    containers = [c for plan in host_plans for c in (plan or [])]
    return {
        'containers': containers,
        'masters': [c for c in containers if c['process'] == 'master'],
        'workers': [c for c in containers if c['process'] == 'worker'],
        'master_addresses': [c['address'] for c in containers if c['process'] == 'master'],
        'worker_addresses': [c['address'] for c in containers if c['process'] == 'worker'],
    }


def _overlap(a, b):
    return a[1] == b[1] and (a[0] == b[0] or '0.0.0.0' in (a[0], b[0]))


def alluxio_docker_preflight_errors(cluster, docker_host, existing=None, ha_mode='single', ramdisk_size=None,
                                    label='datalake.alluxio.cluster', cluster_name='alluxio',
                                    zookeeper_address='', network=None, existing_networks=None,
                                    journal_mount=None, journal_dir='', metrics_address=''):
    """Every reason not to touch the containers of ``docker_host``, as messages.

    ``existing`` is the ``containers`` list of community.docker.docker_host_info
    (verbose). ``network`` names a bridge network the role does not create:
    it must be among ``existing_networks`` (the ``networks`` of that module).
    ``metrics_address``: where the web ports of bridge containers are
    published for Prometheus (alluxio_docker_metrics_address), an IP or empty.
    ``journal_mount`` is where masters mount their journal: an existing master
    container that mounts another journal there than the plan's (a volume of
    its own, or ``journal_dir`` in zookeeper mode) is refused, since the new
    one would be formatted empty.
    """
    errors = []
    mine = [c for c in cluster['containers'] if c['docker_host'] == docker_host]
    prefix = '%s: ' % docker_host

    for c in mine:
        if c['process'] not in PROCESSES:
            errors.append(prefix + 'container %s has process %r; alluxio_docker_containers accepts %s'
                          % (c['name'], c['process'], ', '.join(PROCESSES)))
        if not _NAME.match(str(c['name'])):
            errors.append(prefix + 'container name %r is not a valid Docker name' % c['name'])
        if c['network_mode'] not in ('host', 'bridge'):
            errors.append(prefix + 'container %s: network_mode %r is not host or bridge (alluxio_docker_network_mode)'
                          % (c['name'], c['network_mode']))

    address = str(metrics_address or '').strip()
    if address:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            errors.append(prefix + 'alluxio_docker_metrics_address is %r, not an IP address: Docker publishes ports on '
                          'addresses only; set it to this Docker host\'s IP on the cluster network, or to "" to '
                          'publish no metrics port' % address)
    for c in mine:
        if 'metrics_port' in c and tcp_port(c['metrics_port']) is None:
            errors.append(prefix + 'container %s has metrics_port %r; it must be a TCP port (1-65535) of the Docker '
                          'host, free for its web port (alluxio_docker_containers)' % (c['name'], c['metrics_port']))

    owners = {}
    for c in cluster['containers']:
        owners.setdefault(c['name'], []).append(c['docker_host'])
    for name, hosts in sorted(owners.items()):
        if len(hosts) > 1 and docker_host in hosts:
            errors.append(prefix + 'container name %s is declared %d times (on %s); names must be unique in the '
                          'cluster (alluxio_docker_containers)' % (name, len(hosts), ', '.join(hosts)))

    masters = len(cluster['masters'])
    if ha_mode == 'embedded' and masters % 2 == 0:
        errors.append(prefix + 'alluxio_docker_ha_mode is embedded with %d master containers; the Raft quorum needs an '
                      'odd number (1, 3, 5): add or remove one in alluxio_docker_containers/alluxio_docker_masters'
                      % masters)
    if ha_mode == 'single' and masters != 1:
        errors.append(prefix + 'alluxio_docker_ha_mode is single with %d master containers; declare exactly one, '
                      'or set alluxio_docker_ha_mode: embedded or zookeeper' % masters)
    if ha_mode == 'zookeeper':
        if not str(zookeeper_address or '').strip():
            errors.append(prefix + 'alluxio_docker_ha_mode is zookeeper but no ZooKeeper address is known: put the '
                          'ensemble in inventory group zookeeper (alluxio_zookeeper_group), or set '
                          'alluxio_zookeeper_address to host:port,... as the containers reach it')
        if masters < 2:
            errors.append(prefix + 'alluxio_docker_ha_mode is zookeeper with %d master container(s); ZooKeeper HA '
                          'needs at least two (alluxio_docker_containers/alluxio_docker_masters), or use '
                          'alluxio_docker_ha_mode: single' % masters)
        if not str(journal_dir or '').startswith('/'):
            errors.append(prefix + 'alluxio_docker_journal_dir is %r; zookeeper mode needs the absolute path of the '
                          'host directory every master shares (NFS across Docker hosts)' % (journal_dir,))
    if not cluster['workers']:
        errors.append(prefix + 'the cluster has no worker container (alluxio_docker_workers)')

    used = []
    for c in mine:
        for port in c['host_ports']:
            for other_name, other in used:
                if _overlap(port, other):
                    errors.append(prefix + 'host port %d is taken twice on this Docker host, by %s and %s (%s): '
                                  'change published_ports, or put one container on a bridge network'
                                  % (port[1], other_name, c['name'],
                                     'host network' if c['network_mode'] == 'host' else 'published_ports'))
            used.append((c['name'], port))

    ramdisk = size_bytes(ramdisk_size)
    for c in mine:
        if c['process'] != 'worker':
            continue
        shm = size_bytes(c.get('shm_size'))
        if shm is None:
            errors.append(prefix + 'worker container %s has shm_size %r, not a size such as 256m '
                          '(alluxio_docker_shm_size)' % (c['name'], c.get('shm_size')))
        elif ramdisk is None:
            errors.append(prefix + 'alluxio_worker_ramdisk_size %r is not a size such as 64MB' % (ramdisk_size,))
        elif shm < ramdisk:
            errors.append(prefix + 'worker container %s has shm_size %s, smaller than alluxio_worker_ramdisk_size %s: '
                          'raise alluxio_docker_shm_size (or the item\'s shm_size) to at least the ramdisk size'
                          % (c['name'], c.get('shm_size'), ramdisk_size))

    if network and any(c['network_mode'] == 'bridge' for c in mine):
        known = [n.get('Name') for n in existing_networks or []]
        if network not in known:
            errors.append(prefix + 'network %s does not exist on the engine, and alluxio_docker_network_create is '
                          'false: create it first (docker network create %s), or let the role create it'
                          % (network, network))

    names = dict((c['name'], c) for c in mine)
    for info in existing or []:
        for raw in info.get('Names') or []:
            name = raw.lstrip('/')
            if name not in names:
                continue
            labels = info.get('Labels') or {}
            if journal_mount and names[name]['process'] == 'master' and labels.get(label) == cluster_name:
                errors.extend(_journal_errors(prefix, name, info, journal_mount, ha_mode, journal_dir))
            if labels.get(label) != cluster_name:
                errors.append(prefix + 'a container named %s already exists and is not managed by this collection '
                              '(label %s=%s missing; it has %s): rename ours in alluxio_docker_containers or remove it'
                              % (name, label, cluster_name, '%s=%s' % (label, labels[label]) if label in labels
                                 else 'no such label'))
    return errors


def _journal_errors(prefix, name, info, journal_mount, ha_mode, journal_dir):
    """A message when the running master ``name`` mounts another journal than planned."""
    mounts = [m for m in info.get('Mounts') or [] if m.get('Destination') == journal_mount]
    if not mounts:
        return []
    mount = mounts[0]
    if mount.get('Type') == 'volume':
        current = 'volume %s' % mount.get('Name')
    else:
        current = 'directory %s' % str(mount.get('Source', '')).rstrip('/')
    planned = 'directory %s' % str(journal_dir).rstrip('/') if ha_mode == 'zookeeper' else 'volume %s-journal' % name
    if current == planned:
        return []
    return [prefix + 'master container %s runs on the journal in the %s, and this run would give it the %s (new, so '
            'formatted empty): the metadata would be lost. Keep alluxio_docker_ha_mode and '
            'alluxio_docker_journal_dir as they were; to move a journal, back it up (alluxio fsadmin backup) and '
            'restore it into the new cluster' % (name, current, planned)]


def alluxio_docker_fuse_probe_errors(probes, docker_host, fuse_dir_var='alluxio_docker_fuse_dir'):
    """Messages for the FUSE probe containers of ``docker_host`` that the engine refused.

    ``probes`` is the ``results`` list of the probe task: each item has
    ``item`` (the planned fuse container, with ``fuse_dir``) and, when the engine
    refused, ``msg`` (its error, as community.docker.docker_container reports it)
    and no ``container``. The task runs with failed_when false, so ``failed``
    alone cannot tell.
    """
    errors = []
    prefix = '%s: ' % docker_host
    for probe in probes or []:
        if not probe.get('failed') and (not probe.get('msg') or probe.get('container')):
            continue
        c = probe.get('item') or {}
        name, fuse_dir = c.get('name', '?'), c.get('fuse_dir') or ''
        msg = str(probe.get('msg', ''))
        if 'custom device "/dev/fuse"' in msg or 'device "/dev/fuse"' in msg:
            errors.append(prefix + 'fuse container %s needs /dev/fuse, which the Docker engine of this host does not '
                          'have: load the fuse kernel module (modprobe fuse; add fuse to /etc/modules-load.d/), or '
                          'remove the fuse container from alluxio_docker_containers' % name)
        elif 'is not a shared mount' in msg or 'not a shared or slave mount' in msg:
            errors.append(prefix + 'fuse container %s: %s %s is not on a shared mount, so the FUSE mount could not '
                          'reach the host: run "mount --bind %s %s && mount --make-rshared %s" on the Docker host '
                          '(persist it with the fstab line "%s %s none bind,rshared 0 0"), or set %s to ""'
                          % (name, fuse_dir_var, fuse_dir, fuse_dir, fuse_dir, fuse_dir, fuse_dir, fuse_dir,
                             fuse_dir_var))
        elif fuse_dir and ('bind source path does not exist' in msg or 'no such file or directory' in msg.lower()):
            errors.append(prefix + 'fuse container %s: %s %s does not exist on the Docker host: create it and make it '
                          'a shared mount ("mkdir -p %s && mount --bind %s %s && mount --make-rshared %s")'
                          % (name, fuse_dir_var, fuse_dir, fuse_dir, fuse_dir, fuse_dir, fuse_dir))
        else:
            errors.append(prefix + 'fuse container %s: the engine refused a container with /dev/fuse, CAP_SYS_ADMIN%s: '
                          '%s' % (name, ' and an rshared bind of %s' % fuse_dir if fuse_dir else '', msg.strip()))
    return errors


def alluxio_master_info(stdout):
    """Parse ``bin/alluxio fs masterInfo`` output (see module_utils.alluxio_cli)."""
    return parse_master_info(stdout)


def alluxio_docker_rejoin_problem(stdout, ha_mode, master_addresses):
    """Why the masters are not all back after a replacement; '' once they are.

    embedded: ``fsadmin journal quorum info -domain MASTER`` names a quorum
    leader and lists every master AVAILABLE, none UNAVAILABLE. zookeeper:
    ``fs masterInfo`` names a leader and lists every master among "All masters"
    (the election znode's children). module_utils/alluxio_health.py judges it.
    """
    if ha_mode not in ('embedded', 'zookeeper'):
        raise AnsibleFilterError('alluxio_docker_rejoin_problem: ha_mode must be embedded or zookeeper, not %r' % ha_mode)
    return masters_problem(stdout, ha_mode, master_addresses)


def alluxio_size_bytes(value):
    """Bytes of a Docker or Alluxio size string."""
    return size_bytes(value)


def alluxio_docker_container_report(report):
    """One line per container of files/container-report.py's JSON: its state and what its log said."""
    if isinstance(report, str):
        try:
            report = json.loads(report or '[]')
        except ValueError:
            return 'Unreadable container report: %s' % report.strip()[:300]
    lines = []
    for entry in report or []:
        if entry.get('error'):
            lines.append('%s: %s.' % (entry.get('name'), entry['error']))
            continue
        state = '%s: %s' % (entry.get('name'), entry.get('status'))
        if entry.get('status') != 'running':
            state += ', exit code %s at %s' % (entry.get('exit_code'), entry.get('finished_at'))
        if entry.get('restarts'):
            state += ', restarted %s times by the engine' % entry['restarts']
        if entry.get('oom_killed'):
            state += ', killed for lack of memory (OOM)'
        state += ', started %s' % entry.get('started_at')
        log = entry.get('log') or []
        lines.append(state + ('; its log: ' + ' | '.join(log) if log else '; its log is empty') + '.')
    return ' '.join(lines)


def alluxio_docker_batches(items, size):
    """Split a list into batches of ``size`` (at least 1)."""
    size = max(int(size or 1), 1)
    items = list(items or [])
    return [items[i:i + size] for i in range(0, len(items), size)]


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_docker_host_plan': alluxio_docker_host_plan,
            'alluxio_docker_cluster': alluxio_docker_cluster,
            'alluxio_docker_preflight_errors': alluxio_docker_preflight_errors,
            'alluxio_docker_fuse_probe_errors': alluxio_docker_fuse_probe_errors,
            'alluxio_docker_batches': alluxio_docker_batches,
            'alluxio_docker_container_report': alluxio_docker_container_report,
            'alluxio_master_info': alluxio_master_info,
            'alluxio_docker_rejoin_problem': alluxio_docker_rejoin_problem,
            'alluxio_size_bytes': alluxio_size_bytes,
        }
