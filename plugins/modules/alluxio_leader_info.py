#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_leader_info
short_description: Find the leading Alluxio master with the distribution's shell
version_added: 0.1.0
description:
  - Asks the Alluxio shell on the managed host which master leads, with C(bin/alluxio fs masterInfo)
    (Alluxio 1.8 and later) or C(bin/alluxio fs leader) (older releases), and returns the leader,
    the known masters and the high-availability mode of the configuration.
  - Those commands exit 0 even when they find no leader, so the module reads their output
    (C(Current leader master:) and C(All masters:) lines; the deprecation notice that 2.x prints
    before the C(fs leader) answer is skipped).
  - With O(wait), it polls until a leader shows up.
  - To read the leader from ZooKeeper directly, from the controller, use the
    P(datalake.alluxio.alluxio_leader#lookup) lookup.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.alluxio
  - datalake.alluxio.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  wait:
    description:
      - Seconds to keep asking until a leader is found. V(0) asks once and returns RV(leader=null)
        when there is none; with a positive value the module fails when no leader shows up in time.
    type: int
    default: 0
  serving:
    description:
      - Only count a leader whose web API (C(/api/v1/master/info) on C(alluxio.master.web.port), asked from
        the managed host) answers HTTP 200, and that the cluster names on two queries in a row. A standby
        drops the connection, and a dead leader's name can linger in ZooKeeper for a session timeout, so
        after a restart or a failover this is the leader every later check may ask.
      - With O(wait), the module waits for such a leader; without it, RV(leader) is null when the named
        leader does not serve.
    type: bool
    default: false
  workers:
    description:
      - With a positive value, also wait until the serving leader's C(/api/v1/master/info) lists workers on at
        least this many hosts (implies O(serving)). The leader is asked for anew at each poll, so a failover during the
        wait is followed, not waited out.
    type: int
    default: 0
notes:
  - With ZooKeeper, the leader comes from the leader znode. After a crash of the leader it names the dead
    master until its ZooKeeper session expires (C(alluxio.zookeeper.session.timeout)).
  - For Alluxio 2.x the shell's RPC retry window (C(alluxio.user.rpc.retry.max.duration)) is cut to 10s
    for this query, through E(ALLUXIO_USER_JAVA_OPTS), so that one unreachable master does not hold it
    for 2 minutes.
seealso:
  - module: datalake.alluxio.alluxio_service
'''

EXAMPLES = r'''
- name: Which master leads?
  datalake.alluxio.alluxio_leader_info:
    alluxio_home: /opt/alluxio
  register: alluxio_leader

- name: Wait up to 2 minutes for a leader after a failover
  datalake.alluxio.alluxio_leader_info:
    wait: 120
  register: alluxio_leader
  run_once: true

- name: After restarting the leader, wait for the master that serves as primary now
  datalake.alluxio.alluxio_leader_info:
    wait: 180
    serving: true
  register: alluxio_leader
  run_once: true

- name: Wait until the leader, whichever master it is, lists all 3 workers
  datalake.alluxio.alluxio_leader_info:
    wait: 300
    workers: 3
  register: alluxio_leader
  run_once: true

- name: Restart the standbys first
  ansible.builtin.debug:
    msg: "{{ alluxio_leader.leader.host }} leads ({{ alluxio_leader.ha_mode }})"
'''

RETURN = r'''
leader:
  description: The leading master; null when none was found.
  returned: always
  type: dict
  contains:
    host:
      description: Host name (or IP when the shell printed no name).
      type: str
      sample: master1.example.com
    ip:
      description: IP address when the shell printed one.
      type: str
      sample: 10.0.0.11
    port:
      description: RPC port.
      type: int
      sample: 19998
    address:
      description: C(host:port).
      type: str
      sample: master1.example.com:19998
masters:
  description: Every master the shell knows (same keys as RV(leader)); empty with C(fs leader).
  returned: always
  type: list
  elements: dict
  sample: [{host: master1, ip: 10.0.0.11, port: 19998, address: 'master1:19998'}]
ha_mode:
  description: V(zookeeper) when C(alluxio.zookeeper.enabled) is true, V(embedded) for an EMBEDDED journal
    with more than one master address, else V(single).
  returned: always
  type: str
  sample: zookeeper
error:
  description: Why no leader was found (the shell's own message when it printed one).
  returned: when RV(leader) is null
  type: str
  sample: Failed to find leader master
cmd:
  description: The command that was run.
  returned: always
  type: list
  elements: str
  sample: [/opt/alluxio/bin/alluxio, fs, masterInfo]
master_info:
  description: The serving leader's C(/api/v1/master/info) answer, when O(serving) or O(workers) asked for it.
  returned: when RV(leader) is not null and O(serving) or O(workers) is set
  type: dict
  sample: {version: 2.9.6, workers: [{address: {host: worker1}}]}
stdout:
  description: Output of the last query.
  returned: always
  type: str
attempts:
  description: How many times the shell was asked.
  returned: always
  type: int
  sample: 1
'''

import json
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import open_url

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import leader_query as query

POLL_SECONDS = 2.0


def master_info_url(inst, leader):
    prefix = 'v1/api' if inst.version is not None and inst.version[:2] < (1, 4) else 'api/v1'
    return 'http://%s:%s/%s/master/info' % (leader['host'], inst.get('alluxio.master.web.port'), prefix)


def master_info(url):
    """The JSON answer of ``url`` when it answers 200 (``{}`` when its body is
    not JSON), or None."""
    try:
        response = open_url(url, timeout=5, validate_certs=False)
        if response.getcode() != 200:
            return None
        body = response.read()
    except Exception:  # pylint: disable=broad-except
        # A standby accepts the connection and drops it; a dead master refuses it.
        return None
    try:
        answer = json.loads(body)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def worker_hosts(info):
    """How many hosts the workers of a master/info answer run on."""
    return len(set(str((w.get('address') or {}).get('host')) for w in info.get('workers') or []
                   if isinstance(w, dict)))


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(wait=dict(type='int', default=0), serving=dict(type='bool', default=False),
                         workers=dict(type='int', default=0))
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    inst = AlluxioInstall(module, module.params['alluxio_home'], module.params['conf_dir'])
    inst.require_distribution()

    wanted = max(module.params['workers'], 0)
    serving = module.params['serving'] or wanted > 0
    deadline = time.time() + max(module.params['wait'], 0)
    attempts = 0
    confirmed = None
    info = None
    while True:
        attempts += 1
        cmd, rc, out, parsed = query(inst)
        if parsed['leader'] is not None and serving:
            url = master_info_url(inst, parsed['leader'])
            info = master_info(url)
            refusal = None
            if info is None:
                refusal = '%s is named the leader but %s does not answer 200' % (parsed['leader']['host'], url)
            elif worker_hosts(info) < wanted:
                refusal = '%s leads but lists %d of the %d workers wanted' % (parsed['leader']['host'],
                                                                              worker_hosts(info), wanted)
            if refusal:
                parsed['error'] = refusal
                parsed['leader'] = None
                confirmed = None
            elif confirmed != parsed['leader']['host']:
                # Named and serving once: ask again before trusting it.
                confirmed = parsed['leader']['host']
                if time.time() < deadline:
                    time.sleep(POLL_SECONDS)
                    continue
        if parsed['leader'] is not None or time.time() >= deadline:
            break
        time.sleep(POLL_SECONDS)

    result = dict(changed=False, leader=parsed['leader'], masters=parsed['masters'], ha_mode=inst.ha_mode(),
                  cmd=cmd, stdout=out, attempts=attempts)
    if parsed['leader'] is not None and serving:
        result['master_info'] = info
    if parsed['leader'] is None:
        result['error'] = parsed['error']
        if module.params['wait'] > 0:
            module.fail_json(msg='No Alluxio leader master found within wait=%d s (%d queries, last exit status %d): '
                                 '%s' % (module.params['wait'], attempts, rc, parsed['error']), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
