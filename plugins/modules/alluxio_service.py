#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_service
short_description: Start, stop or restart an Alluxio process through the distribution's scripts, idempotently
version_added: 0.1.0
description:
  - Drives one Alluxio process on the managed host with the release's scripts,
    C(bin/alluxio-start.sh -a <process> [mount option]) and C(bin/alluxio-stop.sh <process>).
  - Idempotent where those scripts are not. The start script first kills a running process, which
    fails over a leading master; this module finds the running JVM by its main class
    (C(alluxio.master.AlluxioMaster), C(alluxio.worker.AlluxioWorker), ...) and leaves it alone for
    O(state=started).
  - After a start it waits until the process is ready, not only alive. A master is ready once it has
    joined the election, either as leader (its log says C(Primary started), or its web API
    C(/api/v1/master/info) answers HTTP 200) or, in a ZooKeeper or embedded-journal HA setup, as standby
    (its log says C(Started in stand-by mode.) (2.x) or C(Secondary started) (1.x), and not
    C(Becoming a leader.) after it). A single master must lead.
  - A worker is ready once its log shows it registered with the leading master
    (C(Finished registration) in 2.x, C(Registered with master) before). Job master, job worker and proxy
    are ready once their log shows they started.
  - On a timeout, or when the new process dies, the module fails and shows the last 40 lines of the
    process log and of its C(.out) file.
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.alluxio
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Finds the running process and reports whether it would start or stop it; runs no script.
  diff_mode:
    support: none
  platform:
    support: full
    platforms: posix
options:
  name:
    description:
      - The Alluxio process.
    type: str
    required: true
    choices: [master, worker, job_master, job_worker, proxy]
  state:
    description:
      - V(started) starts the process unless it runs. V(stopped) stops it if it runs.
        V(restarted) stops it if it runs, then starts it, and always reports a change.
    type: str
    choices: [started, stopped, restarted]
    default: started
  mount:
    description:
      - Mount option of the start script for a worker. V(NoMount) expects the ramdisk of tier 0
        to be mounted already (the script exits 1 otherwise), V(Mount) and V(SudoMount) mount a ramfs.
      - Only used with O(name=worker).
    type: str
    choices: [NoMount, Mount, SudoMount]
    default: NoMount
  timeout:
    description:
      - Seconds to wait for a started process to become ready, or for a stopped process to exit.
    type: int
    default: 120
notes:
  - The module does not wait when O(state=started) finds the process running already.
  - The start runs with C(-a), so the release's monitor (which only checks that the JVM is alive)
    is not involved.
  - Stopping uses the release's C(killAll), which sends SIGTERM and then SIGKILL after 120 seconds.
seealso:
  - module: datalake.alluxio.alluxio_format
  - module: datalake.alluxio.alluxio_leader_info
'''

EXAMPLES = r'''
- name: Start the master and wait until it leads or stands by
  datalake.alluxio.alluxio_service:
    alluxio_home: /opt/alluxio
    name: master
    state: started
    timeout: 180
  become: true
  become_user: alluxio

- name: Start the worker on an already mounted ramdisk
  datalake.alluxio.alluxio_service:
    name: worker
    mount: NoMount

- name: Stop the job worker
  datalake.alluxio.alluxio_service:
    name: job_worker
    state: stopped
'''

RETURN = r'''
pid:
  description: PID of the process after the task; null when it is not running.
  returned: always
  type: int
  sample: 4242
log:
  description: Path of the process log.
  returned: always
  type: str
  sample: /opt/alluxio/logs/master.log
state:
  description: The requested state.
  returned: always
  type: str
  sample: started
cmd:
  description: The scripts that were run (or would run in check mode), one command per item.
  returned: always
  type: list
  elements: list
  sample: [[/opt/alluxio/bin/alluxio-start.sh, -a, master]]
ready:
  description: What showed the started process ready; null when nothing was started.
  returned: always
  type: str
  sample: 'standby: joined the election'
elapsed:
  description: Seconds spent waiting for the process to become ready or to exit.
  returned: always
  type: float
  sample: 9.5
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import open_url

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    SERVICES,
    find_pids,
    plan_service_action,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_readiness import (
    file_size,
    log_fatal,
    log_ready,
    master_role,
    read_since,
    tail,
)

POLL_SECONDS = 1.0
# How long a just-started JVM may take to show up in /proc before we call it dead.
APPEAR_SECONDS = 20


class ServiceRunner(object):
    def __init__(self, module, inst, name):
        self.module = module
        self.inst = inst
        self.name = name
        self.spec = SERVICES[name]
        self.log = inst.log_path(self.spec['log'])
        self.out = inst.out_path(self.spec['log'])
        self.commands = []
        self.elapsed = 0.0
        self.ha_mode = inst.ha_mode() if name == 'master' else None
        self.standby_polls = 0

    def pids(self):
        return find_pids(self.spec['main_class'])

    def command_for(self, action):
        if action == 'stop':
            return 'alluxio-stop.sh', [self.spec['script_target']]
        args = ['-a', self.spec['script_target']]
        if self.name == 'worker':
            args.append(self.module.params['mount'])
        return 'alluxio-start.sh', args

    def planned(self, actions):
        commands = []
        for action in actions:
            script, args = self.command_for(action)
            commands.append(self.inst.command(args, script))
        return commands

    def run(self, action):
        script, args = self.command_for(action)
        self.commands.append(self.inst.command(args, script))
        rc, out, err = self.inst.run(args, script=script)
        if rc != 0:
            self.fail('%s exited with %d: %s' % (' '.join(self.commands[-1]), rc, (err or out).strip()[-2000:]))
        return out, err

    def logs_excerpt(self):
        parts = []
        for path in (self.log, self.out):
            text = tail(path, 40)
            if text:
                parts.append('--- last lines of %s ---\n%s' % (path, text))
        return '\n'.join(parts) or '(no log at %s or %s)' % (self.log, self.out)

    def fail(self, msg, **extra):
        self.module.fail_json(msg=msg, log=self.log, cmd=self.commands, state=self.module.params['state'],
                              pid=(self.pids() or [None])[0], **extra)

    def stop(self, timeout):
        self.run('stop')
        started = time.time()
        while self.pids():
            if time.time() - started > timeout:
                self.fail('Alluxio %s (pid %s) still runs %d s after alluxio-stop.sh; kill it or raise timeout.\n%s'
                          % (self.name, ', '.join(str(p) for p in self.pids()), timeout, self.logs_excerpt()))
            time.sleep(POLL_SECONDS)
        self.elapsed += time.time() - started

    def start(self, timeout):
        log_offset = file_size(self.log)
        self.run('start')
        started = time.time()
        seen = None
        while True:
            waited = time.time() - started
            pids = self.pids()
            if pids:
                seen = pids[0]
            fresh_log = read_since(self.log, log_offset)
            if pids:
                evidence = self.ready_evidence(fresh_log)
                if evidence:
                    self.elapsed += waited
                    return seen, evidence
            elif seen is not None or waited > APPEAR_SECONDS:
                fatal = log_fatal(fresh_log + '\n' + tail(self.out, 40))
                self.fail('Alluxio %s %s after alluxio-start.sh%s.\n%s'
                          % (self.name, 'exited' if seen else 'did not start',
                             ': ' + fatal if fatal else '', self.logs_excerpt()))
            if waited > timeout:
                self.fail('Alluxio %s (pid %s) is alive but not ready after %d s (no sign in %s that it %s). '
                          'Raise timeout if it is only slow.\n%s'
                          % (self.name, seen, timeout, self.log, self.readiness_wanted(), self.logs_excerpt()))
            time.sleep(POLL_SECONDS)

    def readiness_wanted(self):
        if self.name == 'master':
            return 'leads' if self.ha_mode == 'single' else 'leads or stands by'
        if self.name == 'worker':
            return 'registered with the leading master'
        return 'started'

    def ready_evidence(self, fresh_log):
        if self.name != 'master':
            return log_ready(self.name, fresh_log)
        role = master_role(fresh_log)
        if role == 'leader':
            return 'leader: "Primary started" in %s' % self.log
        if role != 'standby' and self.master_web_ok():
            return 'leader: %s answers 200' % self.master_info_url()
        if role == 'standby' and self.ha_mode != 'single':
            # The election winner logs "Becoming a leader." right after the
            # standby line: only a standby role seen on two polls in a row counts.
            self.standby_polls += 1
            if self.standby_polls >= 2:
                return 'standby: joined the election (%s HA)' % self.ha_mode
        else:
            self.standby_polls = 0
        return None

    def master_info_url(self):
        host = self.inst.get('alluxio.master.web.bind.host') or '0.0.0.0'
        if host in ('0.0.0.0', '::', ''):
            host = '127.0.0.1'
        return 'http://%s:%s/api/v1/master/info' % (host, self.inst.get('alluxio.master.web.port'))

    def master_web_ok(self):
        try:
            response = open_url(self.master_info_url(), timeout=3, validate_certs=False)
            return response.getcode() == 200
        except Exception:  # pylint: disable=broad-except
            # Standbys accept the connection and drop it; anything but 200 means "not leader yet".
            return False


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(
        name=dict(type='str', required=True, choices=sorted(SERVICES)),
        state=dict(type='str', default='started', choices=['started', 'stopped', 'restarted']),
        mount=dict(type='str', default='NoMount', choices=['NoMount', 'Mount', 'SudoMount']),
        timeout=dict(type='int', default=120),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if params['mount'] != 'NoMount' and params['name'] != 'worker':
        module.warn('mount=%s is ignored for name=%s; it only applies to the worker.'
                    % (params['mount'], params['name']))

    inst = AlluxioInstall(module, params['alluxio_home'], params['conf_dir'])
    inst.require_distribution()
    runner = ServiceRunner(module, inst, params['name'])
    pids = runner.pids()
    actions = plan_service_action(params['state'], bool(pids))
    result = dict(changed=bool(actions), state=params['state'], log=runner.log, ready=None,
                  pid=pids[0] if pids else None, cmd=runner.planned(actions), elapsed=0.0)
    if not actions or module.check_mode:
        module.exit_json(**result)

    pid = result['pid']
    for action in actions:
        if action == 'stop':
            runner.stop(params['timeout'])
            pid = None
        else:
            pid, result['ready'] = runner.start(params['timeout'])
    result.update(pid=pid, cmd=runner.commands, elapsed=round(runner.elapsed, 1))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
