# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The Alluxio cluster's layout and HA settings, checked before any host changes (roles/alluxio_ha/tasks/preflight.yml).

layout_problems gives every problem at once, each a sentence naming the host
or variable and the fix, prefixed ``alluxio: ``; the storage settings' own
problems (module_utils/alluxio_storage.py) follow them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import duration_ms, is_local_path
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_storage import storage_problems
from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import LOOPBACK, require_settings, size_bytes, supported_version
from ansible_collections.datalake.alluxio.plugins.module_utils.systemd_sandbox import sandbox_path_problems
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_auth import account_problem, secret_problem

HA_MODES = ('single', 'zookeeper', 'embedded')

# What layout_problems reads; filter alluxio_cluster_problems documents each.
SETTINGS = ('version', 'ha_mode', 'worker_batch', 'masters_group', 'workers_group', 'masters', 'workers', 'addresses',
            'root_ufs', 'root_ufs_shared', 'zookeeper_group', 'zookeeper_hosts', 'zookeeper_address', 'session_timeout',
            'zookeeper_max_session_timeout_ms', 'properties', 'journal_folder', 'journal_shared', 'ramdisk_size',
            'hadoop_conf', 'format_remote_journal', 'zookeeper_auth', 'zookeeper_auth_user', 'zookeeper_auth_password',
            'sandbox_paths')


def _batch(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _settings_problems(s):
    problems = []
    if not supported_version(s['version']):
        problems.append('alluxio_version is "%s", not a release these roles drive (1.1-1.8 or 2.0-2.9, written in full such'
                        ' as 2.9.6): fix alluxio_version.' % s['version'])
    if s['ha_mode'] not in HA_MODES:
        problems.append('alluxio_ha_mode is "%s": use single, zookeeper or embedded.' % s['ha_mode'])
    if _batch(s['worker_batch']) < 1:
        problems.append('alluxio_ha_worker_batch is %s: below 1 (throttle 0) every worker would start or restart at once;'
                        ' set it to 1 or more.' % s['worker_batch'])
    return problems


def _ramdisk_problems(s):
    if size_bytes(s['ramdisk_size']) is not None:
        return []
    return ['alluxio_worker_ramdisk_size is "%s", which Alluxio cannot parse: write a number and a unit with no space, such'
            ' as 512MB or 4GB.' % s['ramdisk_size']]


def _node_problems(s, nodes):
    problems = []
    masters_group = "group '%s' (alluxio_masters_group)" % s['masters_group']
    if not s['masters']:
        problems.append(masters_group + ' has no hosts: add the master(s) to it.')
    if not s['workers']:
        problems.append("group '%s' (alluxio_workers_group) has no hosts: add the workers to it." % s['workers_group'])
    for host in nodes:
        address = str(s['addresses'].get(host, host))
        if LOOPBACK.match(address):
            problems.append('%s: its Alluxio address is "%s", a loopback name other nodes cannot reach: set alluxio_hostname'
                            ' for %s to its externally visible name or IP (or rename it in the inventory).'
                            % (host, address, host))
    if is_local_path(s['root_ufs']) and len(nodes) > 1 and not s['root_ufs_shared']:
        problems.append('alluxio_root_ufs is the local path %s but the cluster has %d nodes (%s); every node would see'
                        ' different data. Use shared storage (hdfs://, s3://...), or, when that path is the same NFS/bind'
                        ' mount on every node, set alluxio_root_ufs_shared: true.'
                        % (s['root_ufs'], len(nodes), ', '.join(nodes)))
    if s['ha_mode'] == 'single' and len(s['masters']) > 1:
        problems.append('alluxio_ha_mode is single but %s has %d hosts (%s): keep one master, or set alluxio_ha_mode to'
                        ' zookeeper or embedded.' % (masters_group, len(s['masters']), ', '.join(s['masters'])))
    return problems


def _zookeeper_problems(s):
    problems = []
    members = len(s['zookeeper_hosts'])
    if members < 3 or members % 2 == 0:
        problems.append("alluxio_ha_mode is zookeeper but group '%s' (alluxio_zookeeper_group) has %d host(s); an HA"
                        ' ensemble needs an odd number of at least 3.' % (s['zookeeper_group'], members))
    if not str(s['zookeeper_address']).strip():
        problems.append('alluxio_zookeeper_address is empty: set it to host:port,... of the ensemble.')
    session_ms = duration_ms(s['session_timeout'])
    if session_ms is None:
        problems.append('alluxio_zookeeper_session_timeout is "%s": use milliseconds or a number with ms, s, min or h (for'
                        ' example 60s).' % s['session_timeout'])
    elif int(s['zookeeper_max_session_timeout_ms']) < session_ms:
        problems.append('ZooKeeper allows sessions of at most %s ms (maxSessionTimeout) but alluxio_zookeeper_session_timeout'
                        ' asks for %d ms: raise zookeeper_max_session_timeout_ms to at least %d (then set'
                        ' alluxio_ha_zookeeper_max_session_timeout_ms if the ensemble is not managed here), or lower the'
                        ' Alluxio timeout.' % (s['zookeeper_max_session_timeout_ms'], session_ms, session_ms))
    journal_type = s['properties'].get('alluxio.master.journal.type')
    if str('UFS' if journal_type is None else journal_type).upper() != 'UFS':
        problems.append('alluxio_config_properties sets alluxio.master.journal.type=%s, but ZooKeeper HA needs a UFS journal'
                        ' (an embedded journal and ZooKeeper cannot be used together): remove that override, or use'
                        ' alluxio_ha_mode: embedded.' % journal_type)
    if s['zookeeper_auth']:
        problems.append(account_problem(s['zookeeper_auth_user'], 'alluxio_zookeeper_auth_user'))
        problems.append(secret_problem(s['zookeeper_auth_password'], 'alluxio_zookeeper_auth_password (the masters log in to'
                                                                     ' ZooKeeper with it: alluxio_zookeeper_auth_enabled)'))
    return [problem for problem in problems if problem]


def _journal_problems(s):
    problems = []
    journal_local = is_local_path(s['journal_folder'])
    if s['ha_mode'] in ('single', 'zookeeper') and len(s['masters']) > 1 and journal_local and not s['journal_shared']:
        problems.append('alluxio_journal_folder is the local path %s but %d masters must all read the same journal: use a'
                        ' shared URI such as hdfs://namenode:8020/alluxio/journal, or set alluxio_journal_shared: true when'
                        ' that path is the same NFS mount on every master.' % (s['journal_folder'], len(s['masters'])))
    if s['ha_mode'] == 'embedded':
        if str(s['version']).startswith('1.'):
            problems.append('alluxio_ha_mode is embedded but Alluxio %s has no embedded journal (2.0 and later): use'
                            ' zookeeper.' % s['version'])
        if not journal_local:
            problems.append('alluxio_ha_mode is embedded but alluxio_journal_folder is %s; an embedded journal must be a local'
                            ' directory on each master: set a local path.' % s['journal_folder'])
    return problems


def layout_problems(settings):
    """Every problem of the cluster's layout, HA and storage settings, each prefixed ``alluxio: ``."""
    require_settings(settings, SETTINGS, 'layout_problems')
    s = settings
    nodes = list(dict.fromkeys(list(s['masters']) + list(s['workers'])))
    problems = _settings_problems(s) + _node_problems(s, nodes)
    if s['ha_mode'] == 'zookeeper':
        problems += _zookeeper_problems(s)
    # Variable -> the directories it makes writable in the units' sandbox
    # (empty without alluxio_ha_unit_hardening).
    problems += _journal_problems(s) + _ramdisk_problems(s)
    problems += sandbox_path_problems(s['sandbox_paths'], 'the Alluxio units', 'alluxio_ha_unit_hardening')
    problems += storage_problems(s['journal_folder'], s['root_ufs'], s['hadoop_conf'], s['format_remote_journal'], s['ha_mode'])
    return ['alluxio: ' + problem for problem in problems]
