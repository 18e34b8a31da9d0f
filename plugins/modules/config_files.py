#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: config_files
short_description: Write several small configuration files in one call, secrets kept out of logs and diffs
version_added: 0.2.0
description:
  - Writes each file of O(files) with the content, owner, group and mode given, in one module run instead
    of one M(ansible.builtin.template) or M(ansible.builtin.copy) task per file. On a run where nothing
    changes that saves a round trip to the host per file.
  - A file is rewritten only when its content differs, so its modification time (which
    M(datalake.alluxio.systemd_process_info) compares with the start of a service) moves only on a real change.
    Owner, group and mode are corrected in place when only they differ.
  - A new content is written to a temporary file in the same directory, given its owner, group and mode
    before any byte is written, then renamed over the old file. A reader never sees a half-written file, and a
    secret is never readable with looser permissions, not even for a moment.
  - A symlink at O(files[].path) is replaced by the file, not written through (Debian's ZooKeeper package links
    C(myid) elsewhere).
  - The contents of O(secret_contents) never appear in the module's output, in its diff or in the target's
    system log; a file whose content comes from there is reported as changed or not, without content.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reports what would change and writes nothing. An owner or group that does not exist yet, or a
      directory that does not exist yet (an earlier task of the same run would create them), counts as a change.
  diff_mode:
    support: full
    details: Before and after content of each changed file, except those of O(secret_contents); an owner,
      group or mode change is shown as a line per file.
  platform:
    support: full
    platforms: posix
options:
  files:
    description:
      - The files to write. Their directories must exist.
    type: list
    elements: dict
    required: true
    suboptions:
      path:
        description: Absolute path of the file.
        type: path
        required: true
      content:
        description:
          - The whole content of the file.
          - Omit it to take the content from O(secret_contents), keyed by O(files[].path).
        type: str
      owner:
        description: User name or numeric id owning the file. Omitted, a new file belongs to the module's user.
        type: str
      group:
        description: Group name or numeric id of the file. Omitted, a new file gets the module's group.
        type: str
      mode:
        description:
          - Permissions as an octal string such as V('0640'). Omitted, a new file gets V('0600').
        type: str
  secret_contents:
    description:
      - Contents that hold secrets, keyed by the path of the file in O(files) they are for.
      - They are masked like a password in every output of the module, and their files are left out of the diff.
    type: dict
    default: {}
notes:
  - SELinux contexts and other extended attributes are not set.
seealso:
  - module: ansible.builtin.template
  - module: datalake.alluxio.systemd_process_info
'''

EXAMPLES = r'''
- name: Write Alluxio's configuration, the properties holding an object-store key
  datalake.alluxio.config_files:
    files:
      - path: /opt/alluxio/conf/alluxio-site.properties
        owner: root
        group: alluxio
        mode: "0640"
      - path: /opt/alluxio/conf/masters
        content: "master1\nmaster2\n"
        owner: root
        group: alluxio
        mode: "0644"
    secret_contents:
      /opt/alluxio/conf/alluxio-site.properties: "{{ lookup('ansible.builtin.template', 'alluxio-site.properties.j2') }}"
  register: alluxio_conf

- name: Restart when the properties changed
  ansible.builtin.debug:
    msg: restart needed
  when: "'/opt/alluxio/conf/alluxio-site.properties' in alluxio_conf.changed_paths"
'''

RETURN = r'''
changed_paths:
  description: The paths whose content, owner, group or mode changed (in check mode, would change).
  returned: always
  type: list
  elements: str
  sample: [/opt/alluxio/conf/masters]
files:
  description: One entry per file of O(files), in the same order.
  returned: always
  type: list
  elements: dict
  contains:
    path:
      description: The path written.
      type: str
      sample: /opt/alluxio/conf/masters
    changed:
      description: Whether anything of this file changed.
      type: bool
      sample: true
    content_changed:
      description: Whether its content changed.
      type: bool
      sample: true
    checksum:
      description: SHA-1 of the content the file has after the run (in check mode, would have).
      type: str
      sample: 6b2a5e9c0a4de1b64e3a0f2f7f0d9be0c6d0a9f1
'''

import grp
import hashlib
import os
import pwd
import stat
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native

SECRET_DIFF_BEFORE = '(old content not shown: it holds secrets)\n'
SECRET_DIFF_AFTER = '(new content not shown: it holds secrets)\n'


def parse_mode(path, mode):
    """'0640' -> 0o640; None -> None. Refuses symbolic or out-of-range modes."""
    if mode is None:
        return None
    try:
        value = int(str(mode), 8)
    except ValueError:
        value = -1
    if not 0 <= value <= 0o7777:
        raise ValueError('%s: mode %r is not an octal mode such as "0640"' % (path, mode))
    return value


def resolve_id(kind, path, name):
    """User or group name (or numeric id) -> id; None when unset; KeyError when unknown."""
    if name is None or name == '':
        return None
    if str(name).isdigit():
        return int(name)
    try:
        return pwd.getpwnam(name).pw_uid if kind == 'owner' else grp.getgrnam(name).gr_gid
    except KeyError:
        raise KeyError('%s: %s %r does not exist on this host' % (path, kind, name))


def read_current(path):
    """(content bytes or None, lstat or None); None content when absent or not a regular file."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, None
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError('%s is a directory' % path)
    if not stat.S_ISREG(st.st_mode):
        return None, st
    with open(path, 'rb') as handle:
        return handle.read(), st


def write_atomically(path, content, uid, gid, mode):
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.%s.' % os.path.basename(path))
    try:
        # Owner and mode first: the content never sits in a file looser than asked.
        os.fchown(fd, -1 if uid is None else uid, -1 if gid is None else gid)
        os.fchmod(fd, 0o600 if mode is None else mode)
        with os.fdopen(fd, 'wb') as handle:
            fd = None
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(tmp, path)
    except BaseException:
        if fd is not None:
            os.close(fd)
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def describe_attrs(uid, gid, mode):
    return 'owner=%s group=%s mode=%s\n' % (uid, gid, '%04o' % mode if mode is not None else '-')


def plan_file(spec, content, secret, check_mode):
    """What to do for one file: a dict of decisions and the diff entry. Reads only."""
    path = spec['path']
    mode = parse_mode(path, spec.get('mode'))
    unknown = []
    ids = {}
    for kind in ('owner', 'group'):
        try:
            ids[kind] = resolve_id(kind, path, spec.get(kind))
        except KeyError as exc:
            if not check_mode:
                raise
            unknown.append(str(exc.args[0]))
            ids[kind] = None
    current, st = read_current(path)
    data = to_bytes(content, errors='surrogate_or_strict')
    parent_missing = st is None and not os.path.isdir(os.path.dirname(path))
    if parent_missing and not check_mode:
        raise FileNotFoundError('%s: the directory %s does not exist' % (path, os.path.dirname(path)))
    content_changed = current != data
    attrs_changed = bool(unknown)
    if not content_changed and st is not None:
        attrs_changed = attrs_changed or any((
            ids['owner'] is not None and st.st_uid != ids['owner'],
            ids['group'] is not None and st.st_gid != ids['group'],
            mode is not None and stat.S_IMODE(st.st_mode) != mode,
        ))
    plan = dict(path=path, data=data, uid=ids['owner'], gid=ids['group'], mode=mode,
                content_changed=content_changed, attrs_changed=attrs_changed and not content_changed)
    diff = None
    if content_changed:
        if secret:
            diff = dict(before_header=path, after_header=path, before=SECRET_DIFF_BEFORE if st else '',
                        after=SECRET_DIFF_AFTER)
        else:
            diff = dict(before_header=path, after_header=path,
                        before=to_native(current, errors='surrogate_or_replace') if current is not None else '',
                        after=content)
    elif plan['attrs_changed'] and st is not None:
        diff = dict(before_header='%s (attributes)' % path, after_header='%s (attributes)' % path,
                    before=describe_attrs(st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)),
                    after=describe_attrs(st.st_uid if ids['owner'] is None else ids['owner'],
                                         st.st_gid if ids['group'] is None else ids['group'],
                                         stat.S_IMODE(st.st_mode) if mode is None else mode))
    return plan, diff


def apply_plan(plan):
    if plan['content_changed']:
        write_atomically(plan['path'], plan['data'], plan['uid'], plan['gid'], plan['mode'])
    elif plan['attrs_changed']:
        os.chown(plan['path'], -1 if plan['uid'] is None else plan['uid'], -1 if plan['gid'] is None else plan['gid'])
        if plan['mode'] is not None:
            os.chmod(plan['path'], plan['mode'])


def main():
    module = AnsibleModule(
        argument_spec=dict(
            files=dict(type='list', elements='dict', required=True, options=dict(
                path=dict(type='path', required=True),
                content=dict(type='str'),
                owner=dict(type='str'),
                group=dict(type='str'),
                mode=dict(type='str'),
            )),
            secret_contents=dict(type='dict', default={}, no_log=True),
        ),
        supports_check_mode=True,
    )
    secrets = module.params['secret_contents'] or {}
    files = module.params['files']
    paths = [spec['path'] for spec in files]
    problems = []
    for spec in files:
        if not os.path.isabs(spec['path']):
            problems.append('%s: the path must be absolute' % spec['path'])
        has_content = spec.get('content') is not None
        if has_content == (spec['path'] in secrets):
            problems.append('%s: give its content either in files[].content or in secret_contents, once'
                            % spec['path'])
    problems += ['%s: secret_contents names a path that is not in files' % path
                 for path in sorted(set(secrets) - set(paths))]
    if len(set(paths)) != len(paths):
        problems.append('a path is listed twice in files')
    if problems:
        module.fail_json(msg='config_files: ' + '; '.join(problems))

    plans, diffs = [], []
    try:
        for spec in files:
            secret = spec.get('content') is None
            content = secrets[spec['path']] if secret else spec['content']
            plan, diff = plan_file(spec, content, secret, module.check_mode)
            plans.append(plan)
            if diff:
                diffs.append(diff)
        if not module.check_mode:
            for plan in plans:
                apply_plan(plan)
    except (OSError, ValueError, KeyError) as exc:
        module.fail_json(msg='config_files: %s' % to_native(exc.args[0] if isinstance(exc, KeyError) else exc))

    results = [dict(path=p['path'], changed=p['content_changed'] or p['attrs_changed'],
                    content_changed=p['content_changed'], checksum=hashlib.sha1(p['data']).hexdigest())
               for p in plans]
    changed_paths = [r['path'] for r in results if r['changed']]
    result = dict(changed=bool(changed_paths), changed_paths=changed_paths, files=results)
    if module._diff:
        result['diff'] = diffs
    module.exit_json(**result)


if __name__ == '__main__':
    main()
