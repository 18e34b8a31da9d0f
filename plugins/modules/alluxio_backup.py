#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_backup
short_description: Back up the Alluxio master metadata with C(alluxio fsadmin backup)
version_added: 0.2.0
description:
  - Runs C(bin/alluxio fsadmin backup [directory] [--local] [--allow-leader] [--bypass-delegation]) on the
    managed host, as the user the task runs as, and returns where the backup went.
  - The shell asks the leading master for the backup. With an HA cluster and backup delegation
    (C(alluxio.master.backup.delegation.enabled), true by default in 2.9), a standby master writes it, so
    RV(backup_host) may be another master than the leader.
  - The command's exit status is not enough, so the module reads its output. Alluxio 2.3 and later print
    C(Backup Host), C(Backup URI) and C(Backup Entry Count) lines after a progress line; 1.8 and 2.1 print
    C(Successfully backed up journal to <uri>). The task fails when the command fails or its output names
    no backup URI.
  - A backup always writes a new file (C(alluxio-backup-<date>-<ms>.gz)), so the module always reports a
    change.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.alluxio
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reports a change and the command it would run in RV(cmd); runs nothing.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: posix
options:
  directory:
    description:
      - Directory to write the backup to. Without it, the masters' C(alluxio.master.backup.directory)
        (default C(/alluxio_backups)).
      - Without O(local), an absolute path in the B(root) under file system (UFS), resolved against the
        root UFS's scheme and authority only. With C(alluxio.master.mount.table.root.ufs=hdfs://nn:8020/alluxio/data),
        C(/alluxio_backups) is C(hdfs://nn:8020/alluxio_backups). With a local root UFS it is
        C(/alluxio_backups) on the local disk of the master that writes the backup.
      - With O(local), a path on the local disk of the master that writes the backup.
    type: str
  local:
    description:
      - Write the backup to the local file system of the master that takes it (C(--local)), instead of the
        root UFS. To restore, the file must then be copied to the same path on every master.
    type: bool
    default: false
  allow_leader:
    description:
      - Let the leading master take the backup when delegation is enabled but no standby master can take
        it (C(--allow-leader), Alluxio 2.3 and later). The leader pauses metadata changes while it writes.
    type: bool
    default: false
  bypass_delegation:
    description:
      - Take the backup on the leading master even when standbys could (C(--bypass-delegation), Alluxio 2.9;
        absent in 2.5). The leader pauses metadata changes while it writes.
    type: bool
    default: false
  timeout:
    description:
      - Seconds the command may run. The shell waits until the backup is finished, which takes longer with
        a large namespace. The command is stopped (C(timeout) of coreutils) after that time; the master
        may still finish the backup.
      - V(0) waits as long as the command runs.
    type: int
    default: 1800
notes:
  - Run it where the Alluxio client configuration reaches the masters (a master or any node with the
    cluster's C(alluxio-site.properties)), as a user allowed to run C(fsadmin) (the Alluxio service
    user, or the superuser of a cluster with authorization).
  - The options known to be missing from the installed release (C(--allow-leader) before 2.3,
    C(--bypass-delegation) in 2.5 and earlier) make the module fail before it runs anything.
seealso:
  - module: datalake.alluxio.alluxio_leader_info
  - module: datalake.alluxio.alluxio_format
'''

EXAMPLES = r'''
- name: Back up the metadata to the default directory of the root UFS
  datalake.alluxio.alluxio_backup:
    alluxio_home: /opt/alluxio
  become: true
  become_user: alluxio
  register: alluxio_backup

- name: Show where it went
  ansible.builtin.debug:
    msg: "{{ alluxio_backup.backup_uri }} ({{ alluxio_backup.entry_count }} entries, written by {{ alluxio_backup.backup_host }})"

- name: Back up a cluster without standby masters to a directory of the root UFS
  datalake.alluxio.alluxio_backup:
    directory: /backups/alluxio
    allow_leader: true
    timeout: 3600
  become: true
  become_user: alluxio
'''

RETURN = r'''
backup_uri:
  description: URI of the backup file, as the master reported it; the value a restore needs
    (C(alluxio.master.journal.init.from.backup)). Null in check mode.
  returned: always
  type: str
  sample: hdfs://namenode:8020/alluxio_backups/alluxio-backup-2024-07-02-1719878400000.gz
backup_host:
  description: The master that wrote the backup; null in check mode, or when the release does not
    print it (1.8 without O(local)).
  returned: always
  type: str
  sample: master2.example.com
entry_count:
  description: Journal entries written to the backup; null in check mode and before Alluxio 2.1.
  returned: always
  type: int
  sample: 1024
cmd:
  description: The command that was run (or would run in check mode).
  returned: always
  type: list
  elements: str
  sample: [/opt/alluxio/bin/alluxio, fsadmin, backup, /alluxio_backups, --allow-leader]
stdout:
  description: Standard output of the command, progress lines included.
  returned: always
  type: str
stderr:
  description: Standard error of the command.
  returned: always
  type: str
rc:
  description: Exit status of the command; null in check mode.
  returned: always
  type: int
  sample: 0
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    backup_args,
    parse_backup,
    unsupported_backup_options,
)

TIMEOUT_RC = 124  # exit status of coreutils timeout when the time ran out


def tail(text, chars=1500):
    text = (text or '').strip()
    return text if len(text) <= chars else '...' + text[-chars:]


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(
        directory=dict(type='str'),
        local=dict(type='bool', default=False),
        allow_leader=dict(type='bool', default=False),
        bypass_delegation=dict(type='bool', default=False),
        timeout=dict(type='int', default=1800),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if params['timeout'] < 0:
        module.fail_json(msg='timeout=%d is negative: give the seconds the backup may take, or 0 for no limit.'
                             % params['timeout'])
    inst = AlluxioInstall(module, params['alluxio_home'], params['conf_dir'])
    inst.require_distribution()

    wanted = dict(local=params['local'], allow_leader=params['allow_leader'],
                  bypass_delegation=params['bypass_delegation'])
    version = inst.version
    missing = unsupported_backup_options(version, **wanted)
    if missing:
        module.fail_json(msg='Alluxio %s at %s has no %s in fsadmin backup (fsadmin backup: 1.8+, allow_leader: '
                             '2.3+, bypass_delegation: 2.9). Drop those options, or upgrade Alluxio first.'
                             % ('.'.join(str(p) for p in version), inst.home, ', '.join(missing)))

    args = backup_args(params['directory'], **wanted)
    cmd = inst.command(args)
    inst.require_trusted(' '.join(cmd))
    result = dict(changed=True, cmd=cmd, backup_uri=None, backup_host=None, entry_count=None,
                  stdout='', stderr='', rc=None)
    if module.check_mode:
        module.exit_json(**result)

    argv = list(cmd)
    if params['timeout'] > 0:
        timeout_bin = module.get_bin_path('timeout')
        if timeout_bin:
            argv = [timeout_bin, '--kill-after=30', str(params['timeout'])] + argv
        else:
            module.warn('coreutils timeout is not installed on this host; timeout=%d is not enforced.'
                        % params['timeout'])
    rc, out, err = module.run_command(argv, environ_update=inst.environment(), cwd=inst.home)
    result.update(rc=rc, stdout=out, stderr=err)
    parsed = parse_backup(out)
    result.update(backup_uri=parsed['uri'], backup_host=parsed['host'], entry_count=parsed['entry_count'])

    if rc == TIMEOUT_RC and argv[0] != cmd[0]:
        module.fail_json(msg='%s did not finish within timeout=%d s (last state: %s, %s entries). The master may '
                             'still write the backup: look for it in the backup directory and in the masters\' '
                             'master.log, then raise timeout.'
                             % (' '.join(cmd), params['timeout'], parsed['state'] or 'unknown',
                                parsed['entry_count'] if parsed['entry_count'] is not None else 'no'), **result)
    if rc != 0 or parsed['uri'] is None:
        module.fail_json(
            msg='%s %s: %s. stderr: %s. Check that a master leads (datalake.alluxio.alluxio_leader_info), that the '
                'backup directory is writable by the Alluxio service user on the master that takes the backup, and, '
                'with an HA cluster and backup delegation, that a standby master runs (or set allow_leader=true); '
                'the leading master\'s master.log says why a backup failed.'
                % (' '.join(cmd), 'exited with %d' % rc if rc != 0 else 'exited 0 without naming a backup',
                   parsed['error'] or tail(out, 500) or 'no output', tail(err) or '(empty)'), **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
