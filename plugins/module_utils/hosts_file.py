# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The managed block of /etc/hosts as the hosts_file role plans it.

* plan: every cluster host's address and names, the problems that stop the
  run (an unusable address, a name two hosts claim), the hosts whose address
  fact is still to be gathered, and the block's lines;
* file_state: what a host's current file says against that plan: lines
  outside the block that map a cluster name elsewhere, and whether the block
  is already in place (a re-run then writes nothing).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from collections.abc import Mapping

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import host_var
from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import LOOPBACK

_IPV4 = re.compile(r'^([0-9]{1,3}[.]){3}[0-9]{1,3}$')
_IPV6 = re.compile(r'^[0-9A-Fa-f:.]+$')

# The variable that holds a host's address, per address source; the fact's
# name is filled in.
ADDRESS_VARIABLES = {'ansible_host': 'ansible_host', 'fact': None, 'variable': 'hosts_file_address'}

FIXES = {
    'ansible_host': 'set ansible_host to the IP address the other cluster nodes use for this host,'
                    ' or choose hosts_file_address_source=fact or variable',
    'fact': 'set hosts_file_address_fact to the fact that holds the cluster address (for example'
            ' ansible_eth1.ipv4.address), or choose hosts_file_address_source=variable and set hosts_file_address per host',
    'variable': 'set hosts_file_address to the cluster IP address in the host_vars of that host',
}


def fact_value(facts, path):
    """The string at the dotted ``path`` in ``facts`` (a leading ``ansible_`` dropped); '' if there is none."""
    value = facts or {}
    for key in re.sub('^ansible_', '', path).split('.'):
        value = value[key] if isinstance(value, Mapping) and key in value else ''
    return value if isinstance(value, str) else ''


def address_problem(address, variable):
    """Why ``address`` cannot be a cluster address ('' when it can)."""
    if address == '':
        return '%s is not set' % variable
    if not (_IPV4.match(address) or (':' in address and _IPV6.match(address))):
        return "%s is '%s', which is not an IP address" % (variable, address)
    if LOOPBACK.match(address) or address == '::':
        return "%s is '%s', a loopback or unspecified address the other nodes cannot reach" % (variable, address)
    return ''


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def source_address(hostvars, host, source, fact, variables=None):
    """A host's address by an address source: with ``fact`` the fact at the dotted path ``fact``, else the first
    set of the variables ``variables[source]`` (a name or a tuple of names; ADDRESS_VARIABLES by default); ''
    when there is none."""
    if source == 'fact':
        return fact_value(host_var(hostvars, host, 'ansible_facts'), fact).strip()
    names = (variables or ADDRESS_VARIABLES).get(source) or ()
    for name in (names,) if isinstance(names, str) else names:
        value = host_var(hostvars, host, name)
        if value is not None:
            return str(value).strip()
    return ''


def entry(host, hostvars, source, fact, domain):
    """``{host, address, names, problem}`` of one cluster host."""
    address = source_address(hostvars, host, source, fact)
    own_domain = host_var(hostvars, host, 'hosts_file_domain')
    own_domain = domain if own_domain is None else own_domain
    fqdn = ['%s.%s' % (host, own_domain)] if own_domain and '.' not in host else []
    names = [name for name in _unique(fqdn + [host] + list(host_var(hostvars, host, 'hosts_file_aliases') or []))
             if name != address]
    return {'host': host, 'address': address, 'names': names,
            'problem': address_problem(address, fact if source == 'fact' else ADDRESS_VARIABLES[source])}


def plan(hosts, hostvars, groups, source, fact, domain):
    """The block's entries and lines, the problems, the name -> address map and the hosts without an address."""
    groups = list(groups or [])
    if source not in ADDRESS_VARIABLES:
        raise ValueError('hosts_file_address_source is %r: use ansible_host, fact or variable' % (source,))
    entries = [entry(host, hostvars, source, fact, domain) for host in hosts]
    problems = []
    if not entries:
        problems.append('no host is in any of hosts_file_groups %s. Fix: set hosts_file_groups to inventory groups'
                        ' that exist' % ', '.join(groups))
    owner = {}
    names = {}
    for item in entries:
        if item['problem']:
            problems.append('host %s: %s (hosts_file_address_source=%s). Fix: %s'
                            % (item['host'], item['problem'], source, FIXES[source]))
        for name in item['names']:
            if name in owner:
                problems.append("hosts %s and %s both claim the name '%s'. Fix: remove it from hosts_file_aliases of"
                                ' one of them' % (owner[name], item['host'], name))
            else:
                owner[name] = item['host']
            names[name.lower()] = item['address']
    return {
        'entries': entries,
        'problems': problems,
        'names': names,
        'unresolved': [item['host'] for item in entries if item['address'] == ''],
        'block': '\n'.join('%-15s %s' % (item['address'], ' '.join(item['names'])) for item in entries),
    }


def file_state(content, block_plan, marker_begin, marker_end):
    """``{conflicts, block_in_place}`` of a hosts file's ``content`` against
    ``block_plan`` (from ``plan``): lines outside the managed block that map
    one of its names to another address, and whether the block between the
    markers is its block already."""
    if not isinstance(block_plan, dict) or 'names' not in block_plan or 'block' not in block_plan:
        raise ValueError('expected the result of datalake.alluxio.hosts_file_plan')
    names, block = block_plan['names'], block_plan['block']
    lines = content.splitlines()
    conflicts = []
    inside = False
    for number, line in enumerate(lines, 1):
        if line.strip() == marker_begin:
            inside = True
        elif line.strip() == marker_end:
            inside = False
        elif not inside:
            fields = line.split('#')[0].split()
            for name in fields[1:]:
                if name.lower() in names and names[name.lower()] != fields[0]:
                    conflicts.append("line %d '%s' maps %s to %s, the cluster address is %s"
                                     % (number, line.strip(), name, fields[0], names[name.lower()]))
    wanted = [marker_begin] + block.splitlines() + [marker_end]
    start = lines.index(marker_begin) if marker_begin in lines else -1
    return {'conflicts': conflicts, 'block_in_place': start >= 0 and lines[start:start + len(wanted)] == wanted}
