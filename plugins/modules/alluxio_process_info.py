#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_process_info
short_description: The Alluxio processes running on a host and the version each JVM runs
version_added: 0.2.0
description:
  - Finds the Alluxio JVMs of the managed host by main class (C(alluxio.master.AlluxioMaster),
    C(alluxio.worker.AlluxioWorker), ...) and reads which Alluxio version each one B(runs), which after an
    upgrade can differ from the version installed at O(alluxio_home).
  - The version comes from what the JVM holds, never from O(alluxio_home), because an upgrade switches that
    symlink under running processes. First the jar names of its class path
    (C(assembly/alluxio-server-2.9.6.jar) in the release), then the jars it has open (C(/proc/<pid>/fd)),
    then the jars it has mapped (C(/proc/<pid>/maps)).
  - With O(target_version), it also says whether every running process runs that version.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.alluxio
  - datalake.alluxio.attributes.info_module
  - ansible.builtin.action_common_attributes
options:
  names:
    description:
      - The processes to look for.
    type: list
    elements: str
    choices: [job_master, job_worker, master, proxy, worker]
    default: [job_master, job_worker, master, proxy, worker]
  target_version:
    description:
      - A version such as V(2.9.6) to compare the running processes with (RV(at_target), RV(outdated)).
    type: str
notes:
  - Reading the open files of another user's process needs root; run it with C(become) (root) or as the
    Alluxio service user. When they cannot be read and the class path names no version, the process's
    RV(processes.version) is null and it counts as outdated.
  - Runs no Alluxio command and starts no JVM.
seealso:
  - module: datalake.alluxio.alluxio_service
'''

EXAMPLES = r'''
- name: Which Alluxio version do the processes of this host run?
  datalake.alluxio.alluxio_process_info:
    target_version: 2.9.6
  become: true
  register: alluxio_processes

- name: Restart only what still runs the old release
  ansible.builtin.debug:
    msg: "{{ alluxio_processes.outdated }} run {{ alluxio_processes.running_versions }}"
  when: not alluxio_processes.at_target
'''

RETURN = r'''
processes:
  description: The running processes, by name; a process that does not run is absent.
  returned: always
  type: dict
  sample:
    master: {pid: 4242, version: 2.9.4, source: open files, home: /opt/alluxio, readable: true}
  contains:
    pid:
      description: PID of the JVM (the first one when several run).
      type: int
    version:
      description: The Alluxio version the JVM runs; null when nothing it holds names one.
      type: str
    source:
      description: Where the version was read, V(class path), V(open files) or V(memory maps).
      type: str
    home:
      description: C(-Dalluxio.home) of the JVM, as it was given (a symlink is not resolved).
      type: str
    readable:
      description: False when the JVM's open files or maps could not be read (permissions).
      type: bool
running_versions:
  description: The distinct versions the running processes run (null for an unknown one left out).
  returned: always
  type: list
  elements: str
  sample: [2.9.4]
installed_version:
  description: The version installed at O(alluxio_home) now (what a restart would run); null without an
    installation.
  returned: always
  type: str
  sample: 2.9.6
at_target:
  description: True when O(target_version) is given and every running process runs it (also true when
    nothing runs); null without O(target_version).
  returned: always
  type: bool
outdated:
  description: The running processes that do not run O(target_version) (or whose version is unknown).
  returned: always
  type: list
  elements: str
  sample: [master, job_master]
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import version_tuple
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_jvm import (
    compare_versions,
    processes,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import SERVICES


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(
        names=dict(type='list', elements='str', choices=sorted(SERVICES), default=sorted(SERVICES)),
        target_version=dict(type='str'),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    target = params['target_version']
    if target is not None and version_tuple(target) is None:
        module.fail_json(msg='target_version=%r is not a version such as 2.9.6: fix target_version.' % target)

    installed = None
    if os.path.isfile(os.path.join(params['alluxio_home'], 'bin', 'alluxio')):
        version = AlluxioInstall(module, params['alluxio_home'], params['conf_dir']).version
        installed = '.'.join(str(part) for part in version) if version else None

    found = processes(params['names'])
    versions = sorted(set(info['version'] for info in found.values() if info['version']))
    result = dict(changed=False, processes=found, running_versions=versions, installed_version=installed,
                  at_target=None, outdated=[])
    if target is not None:
        result['outdated'] = sorted(name for name, info in found.items()
                                    if compare_versions(info['version'], target) != 'same')
        result['at_target'] = not result['outdated']
    module.exit_json(**result)


if __name__ == '__main__':
    main()
