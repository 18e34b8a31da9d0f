#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: systemd_process_info
short_description: When the main process of a systemd unit started, and which files changed since
version_added: 0.2.0
description:
  - Reads the main process of a systemd unit (C(systemctl show -p MainPID)) and when it started
    (C(/proc/<pid>/stat) against C(/proc/uptime), to 1/100 s).
  - Lists the files of O(paths) modified after that start, so a role can decide on the host itself whether
    a running service still runs older settings than those on disk. Such a decision survives a run that
    failed after writing the files, or one limited with C(--tags), unlike a handler or a fact of the run.
  - The ZooKeeper role of this collection restarts a member whose C(zoo.cfg), C(myid), unit or
    installation is newer than its running server.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  unit:
    description:
      - The systemd unit, with or without C(.service).
    type: str
    required: true
  paths:
    description:
      - Files to compare with the start of the main process. Symlinks are not followed, so a link switched to
        a new installation counts. Missing paths are ignored.
    type: list
    elements: path
    default: []
seealso:
  - module: datalake.alluxio.alluxio_service
'''

EXAMPLES = r'''
- name: Find out whether ZooKeeper runs older settings than on disk
  datalake.alluxio.systemd_process_info:
    unit: zookeeper
    paths:
      - /etc/zookeeper/conf/zoo.cfg
      - /var/lib/zookeeper/myid
      - /etc/systemd/system/zookeeper.service
  register: zookeeper_process

- name: Restart it when it does
  ansible.builtin.systemd_service:
    name: zookeeper
    state: restarted
  when: zookeeper_process.stale
'''

RETURN = r'''
running:
  description: Whether the unit has a main process.
  returned: always
  type: bool
  sample: true
pid:
  description: PID of the main process; null when none runs.
  returned: always
  type: int
  sample: 4242
started_at:
  description: When the main process started (epoch seconds); null when none runs.
  returned: always
  type: float
  sample: 1764600000.25
changed_paths:
  description: The paths of O(paths) modified after the main process started.
  returned: always
  type: list
  elements: str
  sample: [/etc/zookeeper/conf/zoo.cfg]
stale:
  description: True when the main process runs and RV(changed_paths) is not empty.
  returned: always
  type: bool
  sample: true
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    changed_since,
    process_started_at,
)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            unit=dict(type='str', required=True),
            paths=dict(type='list', elements='path', default=[]),
        ),
        supports_check_mode=True,
    )
    systemctl = module.get_bin_path('systemctl', required=True)
    unit = module.params['unit']
    rc, out, err = module.run_command([systemctl, 'show', '-p', 'MainPID', '--value', unit])
    if rc != 0:
        module.fail_json(msg='systemctl show %s failed (rc %d): %s' % (unit, rc, (err or out).strip()))
    pid = int(out.strip() or 0) or None
    started_at = process_started_at(pid) if pid else None
    newer = changed_since(module.params['paths'], started_at) if started_at else []
    module.exit_json(changed=False, running=started_at is not None, pid=pid if started_at else None,
                     started_at=started_at, changed_paths=newer, stale=bool(newer))


if __name__ == '__main__':
    main()
