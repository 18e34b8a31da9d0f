#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_hdfs_check
short_description: Check from an Alluxio node that its HDFS journal and under-storage are usable, and read the journal's state
version_added: 0.2.0
description:
  - Run on each Alluxio node before the first format or start. For every C(hdfs://) URI given, from the
    managed host, it checks that the NameNode's RPC port accepts a connection and that the service user can
    make a directory, write a file, list it and delete it under that URI (through WebHDFS, as that user).
  - For O(journal_folder) it also reads what the journal holds (RV(journal.state)), which is what decides
    whether it may be formatted. Any error while reading fails the task; it never means "nothing there".
  - Talks to the NameNode's WebHDFS REST API (C(dfs.webhdfs.enabled), on by default), so the host needs no
    Hadoop client. The HTTP and RPC addresses come from the URI's authority, or, for a name service
    (C(hdfs://nameservice1/...)), from the NameNodes that O(hdfs_site) lists for it.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads only (the RPC connection, the journal's state); the write probe is skipped.
  diff_mode:
    support: N/A
    details: Changes nothing on the host; the write probe removes what it wrote.
  platform:
    support: full
    platforms: posix
options:
  journal_folder:
    description:
      - The masters' UFS journal (C(alluxio.master.journal.folder)). Checked and read when it is an
        C(hdfs://) URI; anything else is ignored.
    type: str
  paths:
    description:
      - Other URIs to check the same way, such as the root under-storage. Non-C(hdfs://) ones are ignored.
    type: list
    elements: str
    default: []
  files:
    description:
      - C(hdfs://) URIs of files that must exist, be non-empty and be readable by O(user), such as a backup
        about to be restored (its status is read and its first byte fetched from a DataNode). Non-C(hdfs://)
        ones are ignored. No write probe is made for them.
    type: list
    elements: str
    default: []
  user:
    description:
      - The HDFS user the Alluxio processes act as (with simple authentication, the name of the account
        that runs them).
    type: str
    required: true
  hdfs_site:
    description:
      - The text of the C(hdfs-site.xml) the Alluxio nodes get (name services, NameNode addresses).
    type: str
    default: ''
  write_probe:
    description:
      - Make, write, list and delete C(<uri>/.datalake-probe-<tag>) as O(user) under every URI (under the
        nearest existing parent of a URI that does not exist yet, where Alluxio will create it).
    type: bool
    default: true
  tag:
    description:
      - Names the probe directory (the inventory host name), so that probes of several hosts do not meet.
    type: str
    default: probe
  addresses:
    description:
      - Host names mapped to the addresses to connect to, for names the host cannot resolve yet (before
        the C(hosts_file) role wrote them).
    type: dict
    default: {}
  timeout:
    description:
      - Seconds each connection and request may take. A NameNode answers its first WebHDFS call only once
        its REST layer is loaded, which can take seconds on a busy host.
    type: int
    default: 30
notes:
  - Kerberos (SPNEGO) is not supported by the check; with a secured HDFS the check fails and says so.
seealso:
  - module: datalake.alluxio.alluxio_format
'''

EXAMPLES = r'''
- name: Check the HDFS journal and root under-storage from every master
  datalake.alluxio.alluxio_hdfs_check:
    journal_folder: hdfs://server03:8020/alluxio/journal
    paths: [hdfs://server03:8020/alluxio_another/]
    user: alluxio
    tag: "{{ inventory_hostname }}"
  register: hdfs_check
  when: inventory_hostname in groups['alluxio_masters']

- name: Show what the journal holds
  ansible.builtin.debug:
    msg: "{{ hdfs_check.journal.state }}: {{ hdfs_check.journal.evidence }}"
'''

RETURN = r'''
failed_uri:
  description: The URI whose check failed.
  returned: failure
  type: str
  sample: hdfs://server03:8020/alluxio/journal
journal:
  description: The journal's state; null when O(journal_folder) is not an C(hdfs://) URI.
  returned: always
  type: dict
  sample: {uri: "hdfs://server03:8020/alluxio/journal", state: formatted, evidence: "... (marker FileSystemMaster/v1/_format_1719878400000)"}
  contains:
    uri:
      description: The journal folder.
      type: str
    state:
      description: C(absent), C(empty), C(formatted) (Alluxio's C(_format_) marker) or C(data) (entries but no marker).
      type: str
    evidence:
      description: What was found, in words.
      type: str
checked:
  description: The C(hdfs://) URIs checked, each with the steps that passed (C(rpc), C(status), C(read) for a file of O(files)).
  returned: always
  type: list
  elements: dict
  sample: [{uri: "hdfs://server03:8020/alluxio/journal", steps: [rpc, mkdir, write, list, delete]}]
'''

import socket

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.webhdfs import (
    WebHdfsClient, WebHdfsError, hadoop_xml_properties, journal_state, namenode_addresses,
    readable_file, split_hdfs_uri, write_probe)


def _rpc_reachable(rpc, addresses, timeout):
    errors = []
    for host, port in rpc:
        try:
            socket.create_connection((addresses.get(host, host), port), timeout=timeout).close()
            return None
        except (socket.error, OSError) as exc:
            errors.append('%s:%d: %s' % (host, port, exc))
    return '; '.join(errors)


def check_uri(module, uri, hdfs_site, kind):
    """Check one URI; ``kind`` is journal, path (write probe) or file (read only)."""
    params = module.params
    if kind == 'file':
        fix = ('give the URI of an existing backup (hdfs dfs -ls %s) that the HDFS user %s may read, and make '
               'sure the NameNode and DataNodes answer from this host' % (uri, params['user']))
    else:
        fix = ('make sure the NameNode runs and this host reaches it (names resolve, ports open), that WebHDFS '
               'is on (dfs.webhdfs.enabled) and that the HDFS user %s may write there (hdfs dfs -mkdir -p %s; '
               'hdfs dfs -chown %s %s)' % (params['user'], uri, params['user'], uri))
    try:
        authority, path = split_hdfs_uri(uri)
        nodes = namenode_addresses(authority, hdfs_site)
    except ValueError as exc:
        module.fail_json(msg='%s: %s; fix the URI or hdfs-site.xml' % (uri, exc), failed_uri=uri)
    steps = []
    unreachable = _rpc_reachable(nodes['rpc'], params['addresses'], params['timeout'])
    if unreachable:
        module.fail_json(msg='%s: the NameNode RPC port does not accept a connection (%s): %s'
                         % (uri, unreachable, fix), failed_uri=uri)
    steps.append('rpc')
    client = WebHdfsClient(nodes['http'], params['user'], params['timeout'], params['addresses'])
    state = None
    try:
        if kind == 'file':
            steps.extend(readable_file(client, path))
            return dict(uri=uri, steps=steps), None
        if kind == 'journal':
            state, evidence = journal_state(client, path)
            state = dict(uri=uri, state=state, evidence=evidence)
            steps.append('read')
        if params['write_probe'] and not module.check_mode:
            steps.extend(write_probe(client, path, params['tag']))
    except WebHdfsError as exc:
        module.fail_json(msg='%s: %s; %s' % (uri, exc, fix), checked_steps=steps, failed_uri=uri)
    return dict(uri=uri, steps=steps), state


def main():
    module = AnsibleModule(
        argument_spec=dict(
            journal_folder=dict(type='str'),
            paths=dict(type='list', elements='str', default=[]),
            files=dict(type='list', elements='str', default=[]),
            user=dict(type='str', required=True),
            hdfs_site=dict(type='str', default=''),
            write_probe=dict(type='bool', default=True),
            tag=dict(type='str', default='probe'),
            addresses=dict(type='dict', default={}),
            timeout=dict(type='int', default=30),
        ),
        supports_check_mode=True,
    )
    params = module.params
    hdfs_site = {}
    if params['hdfs_site'].strip():
        try:
            hdfs_site = hadoop_xml_properties(params['hdfs_site'])
        except ValueError as exc:
            module.fail_json(msg='hdfs_site is not a Hadoop configuration file: %s' % exc)
    checked = []
    journal = None
    uris = []
    if (params['journal_folder'] or '').startswith('hdfs://'):
        uris.append((params['journal_folder'], 'journal'))
    uris.extend((uri, 'path') for uri in params['paths'] if uri.startswith('hdfs://'))
    uris.extend((uri, 'file') for uri in params['files'] if uri.startswith('hdfs://'))
    for uri, kind in uris:
        result, state = check_uri(module, uri, hdfs_site, kind)
        checked.append(result)
        if kind == 'journal':
            journal = state
    module.exit_json(changed=False, journal=journal, checked=checked)


if __name__ == '__main__':
    main()
