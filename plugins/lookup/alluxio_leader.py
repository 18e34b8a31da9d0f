# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: alluxio_leader
author: datalake.alluxio maintainers (@datalake)
version_added: 0.1.0
short_description: Find the primary Alluxio master through ZooKeeper
description:
  - Reads the current Alluxio leader (primary master) of a ZooKeeper HA cluster the way
    Alluxio clients do (C(ZkMasterInquireClient)).
  - The leader master writes a child named C(host:rpcport) under the leader path. When there
    are several children (Alluxio 1.x leaves PERSISTENT stale children after a crash), the
    child with the largest ZooKeeper creation time (C(ctime)) is the leader.
  - With O(exclude), returns only a leader other than that master, optionally waiting
    O(wait) seconds for one, for example after restarting or stopping the current leader.
  - Runs on the controller; the controller must reach the ensemble.
options:
  _terms:
    description:
      - Leader paths to read, one result per path, for example V(/alluxio/leader) and
        V(/alluxio/job_leader).
      - Without terms, O(leader_path) is read.
    type: list
    elements: str
    required: false
  hosts:
    env:
      - name: ALLUXIO_ZK_HOSTS
  leader_path:
    description:
      - ZooKeeper path whose children name the leader; the Alluxio property
        C(alluxio.zookeeper.leader.path).
      - V(/alluxio/leader) is the default from Alluxio 2.0, V(/leader) before 2.0.
    type: str
    default: /alluxio/leader
  format:
    description:
      - V(host_port) returns V(host:port), for example V(master1:19998).
      - V(host) returns the host only.
      - V(dict) returns a dictionary, see RV(_raw).
    type: str
    choices: [host_port, host, dict]
    default: host_port
  exclude:
    description:
      - A master that must not be returned, as V(host:port), or a bare host to exclude every
        port on it. Typically the leader read before a restart.
      - The leader is always chosen by the C(ctime) rule first; older stale children never
        count as a new leader.
      - If the leader is still O(exclude) after O(wait) seconds, the lookup fails.
      - Applies to every leader path given as a term.
    type: str
  wait:
    description:
      - Seconds to wait for a leader other than O(exclude). V(0) checks once.
      - While waiting, a missing or empty leader path counts as a failover in progress.
      - Only used with O(exclude).
    type: float
    default: 0
extends_documentation_fragment:
  - datalake.alluxio.zookeeper_client
notes:
  - O(hosts) is required, from the option or from the environment variable E(ALLUXIO_ZK_HOSTS).
  - Errors name the ensemble and the path that were tried and never contain O(auth).
seealso:
  - name: Alluxio ZooKeeper HA
    description: Properties C(alluxio.zookeeper.address) and C(alluxio.zookeeper.leader.path).
    link: https://docs.alluxio.io/os/user/stable/en/deploy/Running-Alluxio-On-a-HA-Cluster.html
'''

EXAMPLES = r'''
- name: Show the primary master of an Alluxio 2.x cluster
  ansible.builtin.debug:
    msg: "{{ lookup('datalake.alluxio.alluxio_leader', hosts=['zk1:2181', 'zk2:2181', 'zk3:2181']) }}"

- name: Read the leader of an Alluxio 1.x cluster, host name only
  ansible.builtin.set_fact:
    alluxio_leader_host: "{{ lookup('datalake.alluxio.alluxio_leader', hosts='zk1:2181,zk2:2181', leader_path='/leader', format='host') }}"

- name: Masters and job masters at once (one result per path)
  ansible.builtin.debug:
    msg: "{{ query('datalake.alluxio.alluxio_leader', '/alluxio/leader', '/alluxio/job_leader', hosts=alluxio_zk_hosts) }}"

# set_fact pins the old leader: a vars: entry would be re-read after the restart.
- name: Remember the current leader
  ansible.builtin.set_fact:
    alluxio_old_leader: "{{ lookup('datalake.alluxio.alluxio_leader', hosts=alluxio_zk_hosts, format='dict') }}"
  run_once: true

- name: Restart the current leader
  ansible.builtin.systemd_service:
    name: alluxio-master
    state: restarted
  delegate_to: "{{ alluxio_old_leader.host }}"
  run_once: true

- name: Wait up to two minutes for another master to take over
  ansible.builtin.debug:
    msg: >-
      {{ lookup('datalake.alluxio.alluxio_leader', hosts=alluxio_zk_hosts,
                exclude=alluxio_old_leader.name, wait=120, format='dict') }}
  run_once: true

- name: ZooKeeper with digest ACLs and TLS (hosts from ALLUXIO_ZK_HOSTS)
  ansible.builtin.debug:
    msg: >-
      {{ lookup('datalake.alluxio.alluxio_leader', auth=alluxio_zk_digest, use_ssl=true,
                ca='/etc/zookeeper/tls/ca.pem') }}
'''

RETURN = r'''
_raw:
  description:
    - One element per leader path.
    - With O(format=host_port), V(host:port); an IPv6 host is bracketed.
    - With O(format=host), the host.
    - With O(format=dict), a dictionary described below.
  type: list
  elements: raw
  contains:
    host:
      description: Host of the leader master.
      type: str
      sample: master1
    port:
      description: RPC port of the leader master.
      type: int
      sample: 19998
    name:
      description: The leader child as written by Alluxio.
      type: str
      sample: master1:19998
    ctime:
      description: Creation time of the leader child, milliseconds since the epoch (ZooKeeper server clock).
      type: int
      sample: 1732212345678
    path:
      description: The leader path that was read.
      type: str
      sample: /alluxio/leader
    candidates:
      description:
        - Every child of the leader path, newest first; stale 1.x leaders appear after the leader.
        - Each has C(name), C(host), C(port) and C(ctime); C(host) and C(port) are null for a
          child that is not C(host:port).
      type: list
      elements: dict
    waited:
      description: Seconds spent waiting for a leader other than O(exclude); only with O(exclude).
      type: float
      sample: 7.412
'''

from ansible.errors import AnsibleLookupError
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.lookup import LookupBase

from ansible_collections.datalake.alluxio.plugins.module_utils import zk_leader


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)

        if not zk_leader.HAS_KAZOO:
            raise AnsibleLookupError(
                '%s (the lookup datalake.alluxio.alluxio_leader runs on the controller). Import error: %s'
                % (missing_required_lib('kazoo'), zk_leader.KAZOO_IMPORT_ERROR.strip().splitlines()[-1]))

        try:
            hosts = zk_leader.normalize_hosts(self.get_option('hosts'))
        except ValueError:
            raise AnsibleLookupError(
                'datalake.alluxio.alluxio_leader needs the ZooKeeper ensemble: set hosts '
                "(for example hosts=['zk1:2181', 'zk2:2181']) or the environment variable ALLUXIO_ZK_HOSTS")

        paths = [self._check_path(term, 'term') for term in terms] if terms else \
            [self._check_path(self.get_option('leader_path'), 'leader_path')]

        exclude = self.get_option('exclude')
        if exclude:
            try:
                exclude = zk_leader.parse_exclude(exclude)
            except ValueError as exc:
                raise AnsibleLookupError('exclude must be host:port or a host: %s' % to_native(exc))
        wait = self.get_option('wait')
        if wait < 0:
            raise AnsibleLookupError('wait must be 0 or more seconds, got %s' % wait)
        timeout = self.get_option('timeout')
        if timeout <= 0:
            raise AnsibleLookupError('timeout must be more than 0 seconds, got %s' % timeout)
        if self.get_option('retries') < 0:
            raise AnsibleLookupError('retries must be 0 or more, got %s' % self.get_option('retries'))

        results = []
        try:
            with zk_leader.zk_client(
                hosts,
                timeout=timeout,
                retries=self.get_option('retries'),
                auth=self.get_option('auth'),
                use_ssl=self.get_option('use_ssl'),
                ca=self.get_option('ca'),
                certfile=self.get_option('certfile'),
                keyfile=self.get_option('keyfile'),
                verify_certs=self.get_option('verify_certs'),
            ) as client:
                for path in paths:
                    results.append(self._leader(client, hosts, path, exclude, wait))
        except zk_leader.ZkLeaderError as exc:
            raise AnsibleLookupError(to_native(exc))
        except Exception as exc:  # kazoo and socket errors, with context added
            raise AnsibleLookupError(
                'reading the Alluxio leader from the ZooKeeper ensemble %s failed: %s: %s'
                % (hosts, type(exc).__name__, to_native(exc)))
        return results

    @staticmethod
    def _check_path(path, source):
        if not isinstance(path, str) or not path.startswith('/') or (len(path) > 1 and path.endswith('/')):
            raise AnsibleLookupError(
                'the leader path (%s) must be an absolute ZooKeeper path without a trailing /, '
                'such as /alluxio/leader; got %r' % (source, path))
        return path

    def _leader(self, client, hosts, path, exclude, wait):
        waited = None
        if exclude:
            leader, candidates, waited = zk_leader.wait_for_leader(client, path, hosts, exclude, wait)
        else:
            leader, candidates = zk_leader.find_leader(client, path, hosts)

        fmt = self.get_option('format')
        if fmt == 'dict':
            return zk_leader.leader_result(leader, candidates, path, waited)
        if fmt == 'host':
            return leader.host
        return zk_leader.format_host_port(leader.host, leader.port)
