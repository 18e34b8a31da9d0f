#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: zookeeper_4lw
short_description: Ask a ZooKeeper server its four-letter words (ruok, srvr, mntr...)
version_added: 0.2.0
description:
  - Sends each of O(words) to the ZooKeeper server at O(host):O(port) from the managed host and returns
    the answers, parsed.
  - Never fails because the server does not answer. A word without an answer gets an empty value and
    its reason in RV(errors), so that a task can retry with C(until) on the answers alone. This covers
    a server that is down, a refused connection, and a word outside C(4lw.commands.whitelist).
  - The zookeeper role of this collection checks its ensemble's health, finds its leader and orders its
    restarts with it.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  host:
    description:
      - Address of the server, as the managed host reaches it.
      - Without it, the address O(config_file) gives, else C(127.0.0.1).
    type: str
  config_file:
    description:
      - The C(zoo.cfg) of a server on the managed host. When O(host) is not given, the server is asked on
        its C(clientPortAddress) (a server that binds only its cluster address does not answer on
        C(127.0.0.1)), or on C(127.0.0.1) when the file sets none.
      - A file that cannot be read fails the task, since the answer would not be that server's.
    type: path
  port:
    description:
      - Its client port.
    type: int
    default: 2181
  address:
    description:
      - The server as C(host:port) (C([v6]:port) for an IPv6 address), as C(alluxio.zookeeper.address) lists
        it, instead of O(host) and O(port).
    type: str
  words:
    description:
      - The four-letter words to send, in order. The server answers only those in its
        C(4lw.commands.whitelist).
    type: list
    elements: str
    required: true
    choices: [ruok, isro, srvr, mntr, conf, stat, envi]
  timeout:
    description:
      - Seconds each connection may take.
    type: float
    default: 5.0
seealso:
  - module: datalake.alluxio.alluxio_leader_info
'''

EXAMPLES = r'''
- name: Wait until the local server serves as leader or follower, asked where it listens
  datalake.alluxio.zookeeper_4lw:
    config_file: /etc/zookeeper/zoo.cfg
    words: [ruok, mntr]
  register: zk
  until: zk.answers.ruok == 'imok' and zk.answers.mntr.zk_server_state | default('') in ['leader', 'follower']
  retries: 30
  delay: 2
'''

RETURN = r'''
answers:
  description:
    - Each word's answer. C(ruok) and C(isro) are strings (C(imok), C(rw)), the others dicts of their
      lines (C(mntr) keys such as C(zk_server_state), C(zk_synced_followers); C(srvr) keys such as
      C(Mode)). An empty string or dict when the word got no answer.
  returned: always
  type: dict
  sample: {ruok: imok, srvr: {Mode: follower, Zxid: "0x100000002"}}
address:
  description: The C(host:port) the words were sent to.
  returned: always
  type: str
  sample: "10.0.1.8:2181"
errors:
  description: Why a word got no answer, per word; empty when every word was answered.
  returned: always
  type: dict
  sample: {mntr: "127.0.0.1:2181: [Errno 111] Connection refused"}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.zk_4lw import WORDS, listen_host, probe
from ansible_collections.datalake.alluxio.plugins.module_utils.ports import parse_host_port


def main():
    module = AnsibleModule(
        argument_spec=dict(
            host=dict(type='str'),
            config_file=dict(type='path'),
            address=dict(type='str'),
            port=dict(type='int', default=2181),
            words=dict(type='list', elements='str', required=True, choices=list(WORDS)),
            timeout=dict(type='float', default=5.0),
        ),
        mutually_exclusive=[('address', 'host'), ('address', 'config_file')],
        supports_check_mode=True,
    )
    params = module.params
    host, port = params['host'], params['port']
    if params['address']:
        try:
            host, port = parse_host_port(params['address'])
        except ValueError as exc:
            module.fail_json(msg='address %s: write it as host:port, or [address]:port for IPv6.' % exc)
    if not host and params['config_file']:
        try:
            with open(params['config_file'], 'r') as config:
                host = listen_host(config.read())
        except (IOError, OSError) as exc:
            module.fail_json(msg='Cannot read %s to find where the ZooKeeper server listens for clients: %s. Give host,'
                                 ' or fix config_file.' % (params['config_file'], exc))
    host = host or '127.0.0.1'
    answers, errors = probe(host, port, params['words'], params['timeout'])
    module.exit_json(changed=False, answers=answers, errors=errors, address='%s:%s' % (host, port))


if __name__ == '__main__':
    main()
