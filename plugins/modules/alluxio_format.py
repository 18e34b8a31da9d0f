#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_format
short_description: Format an Alluxio master journal or worker storage, only when it is not formatted yet
version_added: 0.1.0
description:
  - Formats the Alluxio master journal (O(target=master)) or the worker tiered storage
    (O(target=worker)) on the managed host with the distribution's own command
    (C(bin/alluxio formatJournal) or C(formatWorker); C(bin/alluxio format) before Alluxio 1.8).
  - Safe by default. A journal that is already formatted, or that holds data, is left alone and
    the module reports no change and the RV(reason). Formatting it again needs O(force=true),
    and can copy it to O(backup_dir) first.
  - The journal folder and type, the worker tier paths and the worker data folder come from the
    configuration that C(bin/alluxio formatJournal) and C(formatWorker) read, as the release's scripts
    build it. Those commands run with C(ALLUXIO_USER_JAVA_OPTS) (on top of C(ALLUXIO_JAVA_OPTS), the
    variables C(libexec/alluxio-config.sh) maps such as C(ALLUXIO_RAM_FOLDER), and
    C(alluxio-site.properties)), not with the master's or worker's own options. A value set only in
    C(ALLUXIO_MASTER_JAVA_OPTS) or C(ALLUXIO_WORKER_JAVA_OPTS) is not what gets formatted; the module
    warns when the master or worker reads something else than what would be formatted.
  - Defaults are C(alluxio.master.journal.folder=${alluxio.work.dir}/journal) and
    C(alluxio.master.journal.type) C(EMBEDDED) in 2.x and C(UFS) in 1.x.
  - A UFS journal is formatted when C(<folder>/FileSystemMaster/v1/_format_*) (1.5 and later) or
    C(<folder>/_format_*) (1.2 to 1.4) exists. A UFS journal without that marker but holding any file
    counts as in use, because a 2.x master runs on an unmarked journal.
    An EMBEDDED journal is formatted when its folder exists (the master then creates its Raft log
    in C(<folder>/raft)).
  - Worker storage is formatted when every tier directory holds the worker data folder
    (C(alluxio.worker.data.folder), C(alluxioworker) by default).
  - Never formats while a master (for O(target=master)) or a worker (for O(target=worker)) JVM runs
    on the host; the module fails and names its PID.
  - After the command it probes the journal or storage again, because the scripts can exit 0
    after a failure.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.alluxio
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Probes and reports whether it would format, and fails as the real run would when a JVM
      holds the journal or storage; runs no command.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: posix
options:
  target:
    description:
      - V(master) formats the master journal (UFS or EMBEDDED).
      - V(worker) formats the worker tiered storage, which deletes the blocks cached on this worker
        (data in the under file system is untouched).
    type: str
    choices: [master, worker]
    default: master
  force:
    description:
      - Format even when the journal or storage is already formatted or holds data.
        B(This destroys all Alluxio metadata) (namespace, mount table, files only in Alluxio).
      - Required for a journal outside the local file system (for example C(hdfs://) or C(s3://)),
        which the module cannot probe; it then formats on every run.
      - A running master or worker still makes the module fail.
    type: bool
    default: false
  journal_shared:
    description:
      - The local journal folder is a share every master mounts (NFS), so it must lie on a mounted
        file system of its own. When its nearest mount point is C(/), the share is not mounted on this
        host and the module fails without formatting, even with O(force=true).
      - Only for O(target=master) with a journal on the local file system.
    type: bool
    default: false
  backup_dir:
    description:
      - Before a forced format of an existing local journal, copy the journal folder to
        C(<backup_dir>/journal-<UTC timestamp>). The directory is created (mode 0700) if missing.
      - Ignored when nothing is formatted or when the journal folder does not exist yet.
      - Only for O(target=master) with a journal on the local file system.
    type: path
notes:
  - Reading the journal fails closed. Only "no such file or directory" counts as absent. Any other
    error while reading the folder or anything in it fails the module, and nothing is formatted.
    This covers permission denied, a stale NFS handle, an I/O error, and a file where the folder
    should be.
  - A UFS journal format empties the directory of each master inside the journal folder
    (C(FileSystemMaster/v1), C(BlockMaster/v1), ...); other files in the folder are left in place.
  - With a journal shared by several masters (NFS or HDFS), stop every master before a forced
    format; the module can only see the processes of its own host.
  - Before Alluxio 1.8, C(bin/alluxio format) also formats the workers listed in C(conf/workers)
    over ssh, as the release script does.
seealso:
  - module: datalake.alluxio.alluxio_service
'''

EXAMPLES = r'''
- name: Format the master journal once (no-op when already formatted)
  datalake.alluxio.alluxio_format:
    alluxio_home: /opt/alluxio
    target: master
  become: true
  become_user: alluxio

- name: Format the worker storage when it was never formatted
  datalake.alluxio.alluxio_format:
    target: worker

- name: Wipe the journal on purpose, keeping a copy first
  datalake.alluxio.alluxio_format:
    target: master
    force: true
    backup_dir: /var/backups/alluxio
  register: alluxio_reformat

- name: Show where the old journal went
  ansible.builtin.debug:
    msg: "{{ alluxio_reformat.backup_path }}"
'''

RETURN = r'''
cmd:
  description: The command that was run, or that would run in check mode; empty when nothing was to do.
  returned: always
  type: list
  elements: str
  sample: [/opt/alluxio/bin/alluxio, formatJournal]
reason:
  description: Why the module formatted or did not.
  returned: always
  type: str
  sample: UFS journal /opt/alluxio/journal is formatted (marker /opt/alluxio/journal/FileSystemMaster/v1/_format_1700000000000)
config_mismatch:
  description:
    - Set when the master (O(target=master)) or the worker (O(target=worker)) reads another journal
      or other tier paths than the ones C(bin/alluxio formatJournal)/C(formatWorker) format, because
      they are set only in C(ALLUXIO_MASTER_JAVA_OPTS)/C(ALLUXIO_WORKER_JAVA_OPTS); also given as a warning.
      Null when both agree.
  returned: always
  type: str
journal_folder:
  description: The journal folder that bin/alluxio formatJournal formats (as its JVM reads the configuration), substitutions expanded.
  returned: when O(target=master)
  type: str
  sample: /opt/alluxio/journal
journal_type:
  description: The journal type, upper case.
  returned: when O(target=master)
  type: str
  sample: UFS
worker_dirs:
  description: The worker data folders inside the tier directories.
  returned: when O(target=worker)
  type: list
  elements: str
  sample: [/mnt/ramdisk/alluxioworker]
backup_path:
  description: Where the journal was copied before a forced format; null without a backup.
  returned: always
  type: str
  sample: /var/backups/alluxio/journal-20240101T120000Z
version:
  description: The Alluxio version found in the distribution, when it could be read.
  returned: always
  type: str
  sample: 2.9.6
rc:
  description: Exit status of the command.
  returned: when a command ran
  type: int
  sample: 0
stdout:
  description: Standard output of the command.
  returned: always
  type: str
stderr:
  description: Standard error of the command.
  returned: always
  type: str
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    output_failure,
    uses_format_journal,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_journal import (
    FORMAT_PREFIX,
    JournalReadError,
    backup_journal,
    format_markers,
    journal_state,
    local_path,
    unmounted_share_problem,
    worker_data_dirs,
    worker_state,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    JOURNAL_HOLDERS,
    WORKER_STORAGE_HOLDERS,
    find_any,
)


# bin/alluxio runs formatJournal and formatWorker with ALLUXIO_USER_JAVA_OPTS
# (in every release), so the journal folder and the tier paths they format are
# the ones the command-line JVM sees, not the master's or the worker's.
FORMAT_ROLE = 'USER'


def worker_tier_paths(inst, role=FORMAT_ROLE):
    paths = []
    for level in range(inst.get_int('alluxio.worker.tieredstore.levels', role)):
        paths.extend(inst.get_list('alluxio.worker.tieredstore.level%d.dirs.path' % level, role))
    return paths


def server_view_differs(module, inst, master, format_view):
    """Warn when the master (or worker) JVM reads another journal (or other tier
    paths) than the ones bin/alluxio formats."""
    if master:
        server_view = inst.journal('MASTER')
        what, opts = 'journal (folder, type)', 'ALLUXIO_MASTER_JAVA_OPTS'
    else:
        server_view = worker_tier_paths(inst, 'WORKER')
        what, opts = 'worker tier paths', 'ALLUXIO_WORKER_JAVA_OPTS'
    if list(server_view) == list(format_view):
        return None
    message = ('The %s the %s reads is %s, but bin/alluxio format%s formats %s: it runs with '
               'ALLUXIO_USER_JAVA_OPTS, not %s. Set the value in alluxio-site.properties or '
               'ALLUXIO_JAVA_OPTS so that both agree.'
               % (what, 'master' if master else 'worker', list(server_view),
                  'Journal' if master else 'Worker', list(format_view), opts))
    module.warn(message)
    return message


def refuse_if_running(module, result, holders, what):
    running = find_any(holders)
    if running:
        described = ', '.join('%s (pid %s)' % (cls, ', '.join(str(p) for p in pids))
                              for cls, pids in sorted(running.items()))
        module.fail_json(
            msg='Refusing to format the %s: %s running on this host. Stop it first, for example with '
                'datalake.alluxio.alluxio_service state=stopped, then run this task again.' % (what, described),
            **result)


def run(module, params, inst, result):
    """The format decision and the format; JournalReadError escapes to main."""
    version = inst.version
    master = params['target'] == 'master'
    if master:
        folder, journal_type = inst.journal(FORMAT_ROLE)
        result.update(journal_folder=folder, journal_type=journal_type)
        result['config_mismatch'] = server_view_differs(module, inst, True, (folder, journal_type))
        local = local_path(folder)
        if local is not None and params['journal_shared']:
            with open('/proc/self/mountinfo') as handle:
                problem = unmounted_share_problem(local, handle.read(), 'alluxio.master.journal.folder',
                                                  'journal_shared')
            if problem:
                module.fail_json(msg=problem, **result)
        if local is None:
            if not params['force']:
                module.fail_json(
                    msg='The journal folder alluxio.master.journal.folder=%s is not on the local file system, '
                        'so this module cannot tell whether it is formatted. Format it once with force=true '
                        '(this wipes it), or with bin/alluxio formatJournal, and do not call this task again '
                        'for that journal.' % folder, **result)
            if params['backup_dir']:
                module.fail_json(msg='backup_dir needs a journal on the local file system; %s is not. '
                                     'Back it up with the tools of that file system.' % folder, **result)
            formatted, evidence = None, 'journal %s is not local and cannot be probed; force=true' % folder
        else:
            formatted, evidence = journal_state(local, journal_type)
        args = ['formatJournal'] if uses_format_journal(version) else ['format']
        holders, what = JOURNAL_HOLDERS, 'master journal %s' % folder
    else:
        tier_paths = worker_tier_paths(inst)
        result['config_mismatch'] = server_view_differs(module, inst, False, tier_paths)
        data_folder = inst.get('alluxio.worker.data.folder', FORMAT_ROLE)
        result['worker_dirs'] = worker_data_dirs(tier_paths, data_folder)
        formatted, evidence = worker_state(tier_paths, data_folder)
        args = ['formatWorker']
        holders, what = WORKER_STORAGE_HOLDERS, 'worker storage'

    if formatted and not params['force']:
        result['reason'] = evidence + '; nothing to do (force=true formats it again)'
        module.exit_json(**result)

    result['cmd'] = inst.command(args)
    result['changed'] = True
    # Before the check-mode exit, so that check mode predicts the refusal too.
    refuse_if_running(module, result, holders, what)
    if module.check_mode:
        result['reason'] = 'would format: ' + evidence
        module.exit_json(**result)

    if master and formatted and params['backup_dir'] and os.path.isdir(local):
        try:
            result['backup_path'] = backup_journal(local, params['backup_dir'])
        except (IOError, OSError) as exc:
            module.fail_json(msg='Could not copy the journal %s to backup_dir=%s before formatting, so nothing '
                                 'was formatted: %s' % (local, params['backup_dir'], to_native(exc)), **result)

    markers_before = set(format_markers(local)) if master and local is not None else set()
    rc, out, err = inst.run(args)
    result.update(rc=rc, stdout=out, stderr=err)
    failure_line = output_failure(out, err)
    if rc != 0:
        module.fail_json(msg='%s exited with %d while formatting the %s: %s'
                             % (' '.join(result['cmd']), rc, what, failure_line or (err or out).strip()[-2000:]),
                         **result)

    if master and local is not None:
        now_formatted, now_evidence = journal_state(local, journal_type)
        fresh = set(format_markers(local)) - markers_before
        if journal_type != 'EMBEDDED' and not fresh:
            # An old marker left in place means the format never deleted anything.
            now_formatted, now_evidence = False, 'no new %s marker in %s' % (FORMAT_PREFIX, local)
    elif master:
        now_formatted, now_evidence = failure_line is None, 'remote journal; command output shows no failure'
    else:
        now_formatted, now_evidence = worker_state(tier_paths, data_folder)
    if not now_formatted:
        module.fail_json(msg='%s exited 0 but the %s is still not formatted (%s). Command output: %s'
                             % (' '.join(result['cmd']), what, now_evidence,
                                failure_line or (out + err).strip()[-2000:]), **result)

    result['reason'] = 'formatted (%s); before: %s' % (now_evidence, evidence)
    module.exit_json(**result)


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(
        target=dict(type='str', default='master', choices=['master', 'worker']),
        force=dict(type='bool', default=False),
        journal_shared=dict(type='bool', default=False),
        backup_dir=dict(type='path'),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    inst = AlluxioInstall(module, params['alluxio_home'], params['conf_dir'])
    inst.require_distribution()
    version = inst.version
    result = dict(changed=False, cmd=[], reason='', backup_path=None, stdout='', stderr='', config_mismatch=None,
                  version='.'.join(str(part) for part in version) if version else None)
    try:
        run(module, params, inst, result)
    except JournalReadError as exc:
        module.fail_json(msg='Refusing to format: %s' % exc, **result)


if __name__ == '__main__':
    main()
