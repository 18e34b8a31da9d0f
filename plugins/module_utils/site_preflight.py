# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Checks across the whole site (every host and role) before any host changes.

The roles check their own settings; these checks need several hosts or
several roles at once: one machine listed twice, two hosts claiming one
Alluxio name, ports that collide on a machine or that ZooKeeper and Alluxio
disagree on, an embedded journal on shared storage or with ZooKeeper switched
on, even embedded quorums, ramdisks larger than the host's memory, a shared
local journal or under-storage whose share is not mounted on a node.

Input, one entry per inventory host (``describe`` in the playbook builds it):
``{'machine': 'ansible_host or name', 'alluxio': {...} or None,
'zookeeper': {...} or None, 'mem_total_mb': int or None, 'mountinfo': the
text of the host's /proc/self/mountinfo or ''}``. Every problem is a sentence
naming the host(s), the variable and the fix.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_journal import (
    local_path,
    unmounted_share_problem,
)

_SIZE = re.compile(r'^([0-9]+(?:\.[0-9]+)?)([KMGTP]?)B?$', re.IGNORECASE)
_UNITS = {'': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30, 'T': 1 << 40, 'P': 1 << 50}
# A name or address only this host can reach.
LOOPBACK = re.compile(r'^(localhost(\.localdomain)?|127\.[0-9.]+|::1|0\.0\.0\.0)$')
_TRUE = ('true', 'yes', '1', 'on')

# Port variables of each Alluxio process, in the collection's names.
ALLUXIO_PORTS = {
    'master': ('alluxio_master_rpc_port', 'alluxio_master_web_port'),
    'embedded': ('alluxio_master_embedded_journal_port',),
    'worker': ('alluxio_worker_rpc_port', 'alluxio_worker_web_port'),
    'job_master': ('alluxio_job_master_rpc_port', 'alluxio_job_master_web_port'),
    'job_worker': ('alluxio_job_worker_rpc_port', 'alluxio_job_worker_web_port'),
}
ZOOKEEPER_PORTS = ('zookeeper_client_port', 'zookeeper_quorum_port', 'zookeeper_election_port')


def require_settings(settings, names, who):
    """Raise ValueError naming what ``settings`` (a role's check input) lacks of ``names``."""
    missing = [name for name in names if name not in settings]
    if missing:
        raise ValueError('%s: settings lack %s' % (who, ', '.join(missing)))


_RELEASE = re.compile(r'^(1\.[1-8]|2\.[0-9])\.[0-9]+$')


def supported_version(version):
    """True for a release the roles drive: 1.1-1.8 (1.0 reads ALLUXIO_MASTER_ADDRESS) and 2.0-2.9."""
    return bool(_RELEASE.match(str(version)))


def size_bytes(text):
    """Bytes of an Alluxio size string (``512MB``, ``4GB``, ``1g``); None when Alluxio would refuse it."""
    match = _SIZE.match(str(text))
    if not match:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def _is_true(value):
    return str(value).strip().lower() in _TRUE


def _join(names):
    return ', '.join(sorted(names))


def _by_machine(nodes):
    """Inventory names per machine (ansible_host, or the name itself)."""
    by_machine = {}
    for name, node in nodes.items():
        by_machine.setdefault(str(node.get('machine') or name), []).append(name)
    return sorted(by_machine.items())


def machine_problems(nodes):
    """One machine listed under two inventory names."""
    problems = []
    for machine, names in _by_machine(nodes):
        if len(names) > 1:
            problems.append(
                'hosts %s are one machine (ansible_host %s): list it once in the inventory and put that one name in '
                'every group it belongs to (a machine can be a ZooKeeper member, a master and a worker).'
                % (_join(names), machine))
    return problems


def _alluxio_ports(alluxio):
    processes = set(alluxio.get('processes') or [])
    ports = {}
    for process, variables in ALLUXIO_PORTS.items():
        wanted = process in processes or (process == 'embedded' and 'master' in processes
                                          and alluxio.get('ha_mode') == 'embedded')
        if wanted:
            for variable in variables:
                if alluxio.get(variable) is not None:
                    ports.setdefault(int(alluxio[variable]), []).append(variable)
    return ports


def port_problems(nodes):
    """Ports two services of one machine both listen on, and ZooKeeper ports Alluxio does not use."""
    problems = []
    for machine, names in _by_machine(nodes):
        ports = {}
        for name in names:
            node = nodes[name]
            if node.get('alluxio'):
                for port, variables in _alluxio_ports(node['alluxio']).items():
                    ports.setdefault(port, []).extend('%s of %s' % (v, name) for v in variables)
            if node.get('zookeeper'):
                for variable in ZOOKEEPER_PORTS:
                    if node['zookeeper'].get(variable) is not None:
                        ports.setdefault(int(node['zookeeper'][variable]), []).append('%s of %s' % (variable, name))
        for port, users in sorted(ports.items()):
            if len(users) > 1:
                problems.append('%s: port %d is taken twice (%s): give each service its own port.'
                                % (machine if len(names) == 1 else _join(names), port, ', '.join(sorted(users))))
    zk_ports = {}
    for name, node in nodes.items():
        if node.get('zookeeper') and node['zookeeper'].get('zookeeper_client_port') is not None:
            zk_ports[name] = int(node['zookeeper']['zookeeper_client_port'])
    for name, node in sorted(nodes.items()):
        alluxio = node.get('alluxio') or {}
        if alluxio.get('ha_mode') != 'zookeeper' or not zk_ports:
            continue
        wrong = sorted('%s listens on %d' % (member, port) for member, port in zk_ports.items()
                       if port != int(alluxio.get('alluxio_zookeeper_port') or 0))
        if wrong:
            problems.append(
                '%s: Alluxio connects to ZooKeeper on port %s (alluxio_zookeeper_port) but %s (zookeeper_client_port): '
                'set both to the same port.' % (name, alluxio.get('alluxio_zookeeper_port'), ', '.join(wrong)))
            break
    return problems


def name_problems(nodes):
    """Two Alluxio nodes claiming one Alluxio host name."""
    problems = []
    by_address = {}
    for name, node in nodes.items():
        if node.get('alluxio'):
            by_address.setdefault(str(node['alluxio'].get('address') or name), []).append(name)
    machines = {name: str(node.get('machine') or name) for name, node in nodes.items()}
    for address, names in sorted(by_address.items()):
        if len(names) > 1 and len({machines[n] for n in names}) > 1:
            problems.append(
                'hosts %s all claim the Alluxio name %s (alluxio_hostname): each node needs its own name, or '
                'workers and clients reach the wrong machine; set alluxio_hostname per host.' % (_join(names), address))
    return problems


def embedded_problems(nodes):
    """An embedded (Raft) journal: odd quorum, a local unshared path, no ZooKeeper."""
    problems = []
    masters = sorted(n for n, node in nodes.items()
                     if node.get('alluxio') and 'master' in (node['alluxio'].get('processes') or []))
    embedded = [n for n in masters if nodes[n]['alluxio'].get('ha_mode') == 'embedded']
    if not embedded:
        return problems
    if len(masters) > 1 and len(masters) % 2 == 0:
        problems.append(
            'alluxio_ha_mode is embedded with %d masters (%s): a Raft quorum of an even size tolerates no more '
            'failures than one master less and can split evenly; use 3 or 5 masters.' % (len(masters), _join(masters)))
    for name in embedded:
        alluxio = nodes[name]['alluxio']
        if _is_true(alluxio.get('journal_shared')):
            problems.append(
                '%s: alluxio_ha_mode is embedded but alluxio_journal_shared is true (%s): each master keeps its own '
                'copy of an embedded journal on a local disk; set alluxio_journal_shared: false and a local '
                'alluxio_journal_folder.' % (name, alluxio.get('journal_folder')))
        elif alluxio.get('root_ufs_shared') and _under(alluxio.get('journal_folder'), alluxio.get('root_ufs')):
            problems.append(
                '%s: alluxio_journal_folder %s is inside the shared root under-storage %s, so every master would '
                'write one Raft log: put the embedded journal on a local path outside alluxio_root_ufs.'
                % (name, alluxio.get('journal_folder'), alluxio.get('root_ufs')))
        if _is_true(alluxio.get('zookeeper_enabled', False)):
            problems.append(
                '%s: alluxio_ha_mode is embedded but alluxio_config_properties sets alluxio.zookeeper.enabled=true: '
                'the embedded journal elects its own leader; remove that property, or use alluxio_ha_mode: zookeeper.'
                % name)
    return problems


def _under(path, root):
    if not path or not root:
        return False
    path, root = str(path).rstrip('/'), str(root).rstrip('/')
    return path == root or path.startswith(root + '/')


def memory_problems(nodes):
    """Ramdisks larger than the host's memory (alluxio_ha's preflight refuses sizes Alluxio cannot parse)."""
    problems = []
    for name, node in sorted(nodes.items()):
        alluxio = node.get('alluxio') or {}
        if 'worker' not in (alluxio.get('processes') or []):
            continue
        size = alluxio.get('ramdisk_size')
        parsed = size_bytes(size)
        if parsed is not None and node.get('mem_total_mb') and parsed > int(node['mem_total_mb']) * (1 << 20):
            problems.append(
                '%s: alluxio_worker_ramdisk_size is %s but the host has %d MB of memory: lower the ramdisk size '
                '(it is memory the worker pins).' % (name, size, int(node['mem_total_mb'])))
    return problems


def zookeeper_address_problems(nodes):
    """Ensemble members that would tell each other a loopback address."""
    members = {n: node['zookeeper'] for n, node in nodes.items() if node.get('zookeeper')}
    problems = []
    if len(members) > 1:
        for name, zookeeper in sorted(members.items()):
            address = str(zookeeper.get('address') or name)
            if LOOPBACK.match(address):
                problems.append(
                    '%s: its ZooKeeper address is %s, a loopback address the other members cannot reach: set '
                    'ansible_host (or zookeeper_address_source) to an address the ensemble shares.' % (name, address))
    return problems


def shared_mount_problems(nodes):
    """A local path declared shared (NFS) that lies on no mount of the node: the share is not mounted."""
    problems = []
    for name, node in sorted(nodes.items()):
        alluxio = node.get('alluxio') or {}
        if not alluxio or not node.get('mountinfo'):
            continue
        checks = [('alluxio_root_ufs', 'root_ufs', 'alluxio_root_ufs_shared', 'root_ufs_shared')]
        if 'master' in (alluxio.get('processes') or []):
            checks.insert(0, ('alluxio_journal_folder', 'journal_folder', 'alluxio_journal_shared', 'journal_shared'))
        for variable, key, flag, flag_key in checks:
            path = local_path(str(alluxio.get(key) or ''))
            if path and _is_true(alluxio.get(flag_key)):
                problem = unmounted_share_problem(path, node['mountinfo'], variable, flag, 'no host was changed')
                if problem:
                    problems.append('%s: %s' % (name, problem))
    return problems


CHECKS = (machine_problems, name_problems, port_problems, embedded_problems, memory_problems,
          zookeeper_address_problems, shared_mount_problems)


def site_problems(nodes):
    """Every cross-host problem of the site, in a stable order."""
    problems = []
    for check in CHECKS:
        problems.extend(check(nodes))
    return problems
