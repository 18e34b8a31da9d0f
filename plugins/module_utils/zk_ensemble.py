# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The ZooKeeper ensemble as the zookeeper role plans it (roles/zookeeper/tasks/preflight.yml).

* existing_ids: the myid each member already holds (read before anything changes);
* member_ids: the id each member gets: its zookeeper_id, else the id already on
  it, else its position in the group when free, else the lowest free id;
* member_addresses: the address each member is reached by in zoo.cfg;
* client_addresses: the address each member listens on for clients (its
  cluster address, as the hosts_file role takes it, or every address), and
  local_addresses: the addresses each member has, to check the first against;
* ensemble_problems: everything wrong with the inventory and settings, each a
  sentence naming the host or variable and the fix, all at once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import re

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import host_var
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import duration_ms
from ansible_collections.datalake.alluxio.plugins.module_utils.hosts_file import address_problem, source_address
from ansible_collections.datalake.alluxio.plugins.module_utils.ports import tcp_port
from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import require_settings
from ansible_collections.datalake.alluxio.plugins.module_utils.systemd_sandbox import sandbox_path_problems
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_auth import auth_problems

_DIGITS = re.compile(r'^[0-9]+$')
_HEAP = re.compile(r'^[0-9]+[kmgKMG]?$')
_CHECKSUM = re.compile(r'^(sha256|sha384|sha512):[0-9a-fA-F]+$')
MAX_ID = 255


def existing_ids(reads):
    """``{host: id}`` (a string of digits) from ``{host: slurp result}``.

    Debian's package links myid to a placeholder text: only ids count, and a
    member whose file could not be read has none.
    """
    found = {}
    for host, read in (reads or {}).items():
        content = (read or {}).get('content')
        if content is None:
            continue
        text = base64.b64decode(content).decode('utf-8', 'replace').strip()
        if _DIGITS.match(text):
            found[host] = text
    return found


def member_ids(members, explicit, existing):
    """``{member: id}``: zookeeper_id (``explicit``), the id on the host, position, lowest free."""
    ids, used = {}, []
    for member in members:
        wanted = explicit.get(member)
        if wanted is None:
            wanted = existing.get(member)
        if wanted is not None and _DIGITS.match(str(wanted)):
            ids[member] = int(wanted)
            used.append(int(wanted))
    for position, member in enumerate(members):
        if member in ids:
            continue
        pick = position + 1
        if pick in used:
            pick = next((candidate for candidate in range(1, MAX_ID + 1) if candidate not in used), None)
        ids[member] = pick
        used.append(pick)
    return ids


def member_addresses(members, hostvars, source, hostvar_name):
    """``{member: address}`` by zookeeper_address_source (ansible_host, hostvar or the name)."""
    addresses = {}
    for member in members:
        if source == 'ansible_host':
            address = host_var(hostvars, member, 'ansible_host')
            address = member if address is None else address
        elif source == 'hostvar':
            address = host_var(hostvars, member, hostvar_name)
            address = '' if address is None else address
        else:
            address = member
        addresses[member] = str(address)
    return addresses


CLIENT_ADDRESS_SOURCES = ('ansible_host', 'fact', 'variable', 'all')
# The variables each source reads, as hosts_file's sources do (source_address).
_CLIENT_ADDRESS_VARIABLES = {'ansible_host': 'ansible_host', 'variable': ('zookeeper_client_address', 'hosts_file_address')}
_CLIENT_ADDRESS_FIXES = {
    'ansible_host': 'set ansible_host to the IP address the Alluxio hosts reach this member at',
    'fact': 'set zookeeper_client_address_fact to the fact that holds the cluster address (for example'
            ' ansible_eth1.ipv4.address)',
    'variable': 'set zookeeper_client_address (or hosts_file_address) to the cluster IP address in the host_vars of'
                ' that member',
}


def client_addresses(members, hostvars, source, fact):
    """``{member: address}`` each member listens on for clients by zookeeper_client_address_source ('' with all)."""
    return {member: source_address(hostvars, member, source, fact, _CLIENT_ADDRESS_VARIABLES) for member in members}


def local_addresses(members, hostvars):
    """``{member: [address, ...]}`` of the members whose network facts were gathered."""
    found = {}
    for member in members:
        facts = host_var(hostvars, member, 'ansible_facts') or {}
        if 'all_ipv4_addresses' in facts:
            found[member] = list(facts.get('all_ipv4_addresses') or []) + list(facts.get('all_ipv6_addresses') or [])
    return found


def _client_address_problems(s):
    source = s['client_address_source']
    if source not in CLIENT_ADDRESS_SOURCES:
        return ['zookeeper_client_address_source is "%s": use ansible_host, fact or variable (the member\'s cluster'
                ' address, as for hosts_file_address_source), or all (every address).' % source]
    if source == 'all':
        return []
    variable = {'ansible_host': 'ansible_host', 'variable': 'zookeeper_client_address',
                'fact': 'the fact %s (zookeeper_client_address_fact)' % s['client_address_fact']}[source]
    problems = []
    for member in [host for host in s['members'] if host in s['play_hosts']]:
        address = s['client_addresses'].get(member, '')
        problem = address_problem(address, variable)
        own = s['local_addresses'].get(member)
        if problem:
            problems.append('%s: ZooKeeper listens for clients on the cluster address only'
                            ' (zookeeper_client_address_source=%s), but %s: %s, or set zookeeper_client_address_source:'
                            ' all to listen on every address.' % (member, source, problem, _CLIENT_ADDRESS_FIXES[source]))
        elif own is not None and address not in own:
            problems.append('%s: its ZooKeeper client address %s (%s) is none of its own addresses (%s), so ZooKeeper could'
                            ' not listen on it: %s, or set zookeeper_client_address_source: all.'
                            % (member, address, variable, ', '.join(own) or 'none', _CLIENT_ADDRESS_FIXES[source]))
    return problems


def _membership_problems(s):
    problems = []
    group = "group '%s' (zookeeper_group)" % s['group']
    count = len(s['members'])
    if count == 0:
        problems.append(group + ' has no hosts: add the ZooKeeper hosts to it, or point zookeeper_group at their group.')
    elif s['ensemble_required'] and (count < 3 or count % 2 == 0):
        problems.append('%s has %d host(s), but an HA ensemble needs an odd number of at least 3 (zookeeper_ensemble_required'
                        ' is true): add or remove members, or set zookeeper_ensemble_required: false for a non-HA test'
                        ' ensemble.' % (group, count))
    outsiders = [host for host in s['play_hosts'] if host not in s['members']]
    if outsiders:
        problems.append('hosts %s run the zookeeper role but are not in %s: add them to the group or leave them out of the'
                        ' play.' % (', '.join(outsiders), group))
    return problems


def _member_problems(s):
    problems = []
    ids, existing = s['ids'], s['existing_ids']
    for member in s['members']:
        explicit = s['explicit_ids'].get(member)
        if explicit is not None and not (_DIGITS.match(str(explicit)) and 1 <= int(explicit) <= MAX_ID):
            problems.append('%s: zookeeper_id is %s; set it to a whole number from 1 to 255.' % (member, explicit))
        if member in existing and str(existing[member]) != str(ids[member]) and not s['allow_myid_change']:
            problems.append('%s: %s holds id %s but zookeeper_id asks for %s. Set zookeeper_id: %s for %s (or remove it) to keep'
                            ' the member, or set zookeeper_allow_myid_change: true to renumber it on purpose.'
                            % (member, s['myid_file'], existing[member], ids[member], existing[member], member))
        if not s['addresses'][member]:
            problems.append('%s: zookeeper_address_source is hostvar but %s (zookeeper_address_hostvar) is not set for it: set'
                            ' that host variable or choose another zookeeper_address_source.' % (member, s['address_hostvar']))
    for value in dict.fromkeys(ids.values()):
        holders = [member for member, given in ids.items() if given == value]
        if len(holders) > 1:
            problems.append('hosts %s would all get myid %s (from zookeeper_id or the myid already on them): give each member a'
                            ' distinct zookeeper_id.' % (', '.join(holders), value))
    return problems


def _server_problems(s):
    problems = []
    config = s['config']
    timeout_ms = duration_ms(s['alluxio_session_timeout'])
    max_session = config.get('maxSessionTimeout', s['tick_time'] * 20)
    if timeout_ms is None:
        problems.append('zookeeper_alluxio_session_timeout is "%s": use milliseconds or a number with ms, s, min or h (for'
                        ' example 60s), as alluxio.zookeeper.session.timeout takes it.' % s['alluxio_session_timeout'])
    elif int(max_session) < timeout_ms:
        problems.append('maxSessionTimeout is %s ms but the Alluxio session timeout (zookeeper_alluxio_session_timeout, from'
                        ' alluxio_zookeeper_session_timeout when set) is %d ms, so ZooKeeper would cut Alluxio sessions short:'
                        ' raise zookeeper_max_session_timeout_ms (or maxSessionTimeout in zookeeper_config_overrides) to at'
                        ' least %d.' % (max_session, timeout_ms, timeout_ms))
    whitelist = [word.strip() for word in str(config.get('4lw.commands.whitelist', '')).split(',')]
    missing = [word for word in s['required_4lw'] if word not in whitelist]
    if missing and '*' not in whitelist:
        problems.append("4lw.commands.whitelist in zookeeper_config_overrides lacks %s, which the role's health checks send:"
                        ' add them, or drop the key and use zookeeper_4lw_commands.' % ', '.join(missing))
    ports = [int(port) for port in s['ports']]
    metrics_port = str(s['metrics_port'])
    if metrics_port != '0' and (tcp_port(s['metrics_port']) is None or int(metrics_port) in ports):
        problems.append('zookeeper_metrics_port is %s: use a free TCP port other than the client, quorum and election ports'
                        ' (%s), or 0 to turn the metrics off.' % (metrics_port, ', '.join(str(port) for port in ports)))
    if s['metrics_jars_wanted'] and s['metrics_jars_local_dir']:
        problems.extend(_local_jar_problems(s['metrics_jars_local_dir'], s['metrics_jars_wanted'], s['metrics_jars_found']))
    if not _HEAP.match(str(s['heap'])):
        problems.append('zookeeper_heap is "%s": use a JVM size such as 256m or 1g.' % s['heap'])
    return problems


def _local_jar_problems(local_dir, wanted, found):
    """``wanted`` maps each jar's name to its ``sha256:<hex>``, ``found`` each
    jar in ``local_dir`` to the sha256 read there."""
    problems = []
    absent = [jar for jar in wanted if jar not in found]
    if absent:
        problems.append('zookeeper_metrics_jars_local_dir %s lacks %s: put those jars there (see zookeeper_metrics_jars for'
                        ' their URLs) or set zookeeper_metrics_port: 0.' % (local_dir, ', '.join(absent)))
    for jar, checksum in wanted.items():
        expected = str(checksum).split(':', 1)[-1].lower()
        if jar in found and str(found[jar]).lower() != expected:
            problems.append('zookeeper_metrics_jars_local_dir %s has a %s whose sha256 is %s, not %s as zookeeper_metrics_jars'
                            ' says: put the jar from its URL there.' % (local_dir, jar, found[jar], expected))
    return problems


def _archive_problems(s):
    if s['install_method'] != 'archive':
        return []
    if s['archive_local_path']:
        if not s['archive_local_path_is_file']:
            return ['zookeeper_archive_local_path is %s but no such file exists on the controller: copy the tarball there or'
                    ' fix the path.' % s['archive_local_path']]
        return []
    if not _CHECKSUM.match(str(s['archive_checksum'])):
        return ['zookeeper_archive_checksum is "%s" for %s: set it to sha512:<hex> from the .sha512 file Apache publishes next'
                ' to the tarball.' % (s['archive_checksum'], s['archive_url'])]
    return []


# What ensemble_problems reads; filter zookeeper_ensemble_problems documents each.
SETTINGS = ('group', 'members', 'play_hosts', 'ensemble_required', 'explicit_ids', 'existing_ids', 'ids', 'allow_myid_change',
            'myid_file', 'addresses', 'address_hostvar', 'alluxio_session_timeout', 'config', 'tick_time', 'required_4lw',
            'ports', 'metrics_port', 'metrics_jars_wanted', 'metrics_jars_local_dir', 'metrics_jars_found', 'heap',
            'install_method', 'archive_local_path', 'archive_local_path_is_file', 'archive_checksum', 'archive_url',
            'auth_enabled', 'auth_users', 'quorum_auth_user', 'quorum_auth_password', 'auth_switch_off_refused',
            'client_address_source', 'client_address_fact', 'client_addresses', 'local_addresses', 'sandbox_paths')


def ensemble_problems(settings):
    """Every problem of the ensemble's inventory and settings, each prefixed ``zookeeper: ``."""
    require_settings(settings, SETTINGS, 'ensemble_problems')
    problems = (_membership_problems(settings) + _member_problems(settings) + _client_address_problems(settings)
                + _server_problems(settings) + _archive_problems(settings)
                + auth_problems(settings['auth_enabled'], settings['auth_users'], settings['quorum_auth_user'],
                                settings['quorum_auth_password'], len(settings['members'] or []),
                                settings['auth_switch_off_refused'])
                + sandbox_path_problems(settings['sandbox_paths'], "ZooKeeper's unit", 'zookeeper_unit_hardening'))
    return ['zookeeper: ' + problem for problem in problems]
