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
    type: str
    default: 127.0.0.1
  port:
    description:
      - Its client port.
    type: int
    default: 2181
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
- name: Wait until the local server serves as leader or follower
  datalake.alluxio.zookeeper_4lw:
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
errors:
  description: Why a word got no answer, per word; empty when every word was answered.
  returned: always
  type: dict
  sample: {mntr: "127.0.0.1:2181: [Errno 111] Connection refused"}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.zk_4lw import WORDS, probe


def main():
    module = AnsibleModule(
        argument_spec=dict(
            host=dict(type='str', default='127.0.0.1'),
            port=dict(type='int', default=2181),
            words=dict(type='list', elements='str', required=True, choices=list(WORDS)),
            timeout=dict(type='float', default=5.0),
        ),
        supports_check_mode=True,
    )
    params = module.params
    answers, errors = probe(params['host'], params['port'], params['words'], params['timeout'])
    module.exit_json(changed=False, answers=answers, errors=errors)


if __name__ == '__main__':
    main()
