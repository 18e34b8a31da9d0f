#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: alluxio_service
short_description: Start, stop or restart an Alluxio process through its systemd unit or the release's scripts
version_added: 0.1.0
description:
  - Drives one Alluxio process on the managed host, through its systemd unit (C(alluxio-master),
    C(alluxio-worker), C(alluxio-job-master), C(alluxio-job-worker), C(alluxio-proxy), as the
    C(datalake.alluxio.alluxio_ha) role writes them) or with the release's scripts,
    C(bin/alluxio-start.sh [-a] <process> [mount option]) and C(bin/alluxio-stop.sh <process>)
    (C(-a) only from 2.0, since the 1.x scripts do not accept it).
  - With O(restart_if_changed), O(state=started) also restarts a running process when one of those files
    (configuration, unit, the C(alluxio_home) symlink) was modified after the process started, so a change
    written by an earlier, interrupted or tag-limited run still reaches the process. The decision is made from
    the host (process start time against file modification times), not from facts of the run.
  - Under systemd, a JVM of the process that runs outside its unit (started by the scripts or by hand) is
    stopped by its PID (SIGTERM, then SIGKILL after half of O(timeout)) and started again under the unit.
    Root runs none of the release's scripts for it.
  - A JVM counts as the process only when it runs as the unit's C(User=) (under systemd) or as the user
    this module runs as (with the scripts), since anyone can start a process whose arguments name a main class.
  - Run as root with the scripts, the module refuses a release that another account can change
    (C(bin/), C(libexec/), C(conf/), the jars, the Java home, or a directory above them).
  - Idempotent where those scripts are not. The start script first kills a running process, which
    fails over a leading master; this module finds the running JVM by its main class
    (C(alluxio.master.AlluxioMaster), C(alluxio.worker.AlluxioWorker), ...) and leaves it alone for
    O(state=started).
  - After a start it waits until the process is ready, not only alive, and asks the cluster rather than the
    log. The primary is the master whose web API answers (standbys drop the connection); the masters asked
    are those of C(conf/masters), C(alluxio.master.embedded.journal.addresses), C(alluxio.master.rpc.addresses)
    and C(alluxio.master.hostname), on C(alluxio.master.web.port); when those name no master but this one (ZooKeeper
    HA set up without C(conf/masters)) and none answers, those that C(bin/alluxio fs masterInfo) names (at most
    every 15 seconds, and for a master only once its log says it stands by).
  - A master is ready once it serves as primary itself, or once the primary lists it as a standby
    (C(/api/v1/master/webui_masters)) with a start time no older than the process. A single master must lead.
    Only in an embedded-journal quorum while no master serves (the quorum is still forming) does its log
    decide (C(Started in stand-by mode.), and not C(Becoming a leader.) after it, on two polls in a row).
  - A worker is ready once the primary lists it (C(/api/v1/master/info)) and heard from it after the process
    started, and its own web API answers (a 2.x worker serves it once its registration finished).
  - The masters' web port must therefore be reachable from the Alluxio nodes. Releases before 2.9, whose
    primary does not list its standbys, are judged from the log as before (C(Started in stand-by mode.) or
    C(Secondary started), C(Primary started), C(Finished registration) or C(Registered with master)). Job
    master, job worker and proxy are ready once their log shows they started.
  - On a timeout, or when the new process dies, the module fails and shows the last 40 lines of the
    process log and of its C(.out) file (and of the unit's journal). Under systemd, a process that dies while
    its unit is about to start it again is waited for until O(timeout), since the unit retries it.
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
  manager:
    description:
      - V(systemd) drives the unit O(unit) (needs root, so C(become) without C(become_user)).
        V(scripts) runs the release's start and stop scripts as the connecting or become user.
        V(auto) uses systemd when C(/etc/systemd/system/<unit>.service) exists, the scripts otherwise.
    type: str
    choices: [auto, systemd, scripts]
    default: auto
  unit:
    description:
      - The systemd unit; by default C(alluxio-) and O(name) with C(-) for C(_) (C(alluxio-job-master)).
    type: str
  restart_if_changed:
    description:
      - Files whose modification after the running process started makes O(state=started) restart it.
        Symlinks are not followed, so the C(alluxio_home) link counts when it points to a new version.
    type: list
    elements: path
    default: []
  wait_ready:
    description:
      - With O(state=started), also wait for a process that runs already (for example one systemd just
        restarted) to become ready, judged from its log since it started.
    type: bool
    default: false
notes:
  - The module does not wait when O(state=started) finds the process running already.
  - With the scripts (2.x) the start runs with C(-a), so the release's monitor (which only checks that the JVM
    is alive) is not involved.
  - Stopping with the scripts uses the release's C(killAll), which sends SIGTERM and then SIGKILL after
    120 seconds; C(systemctl stop) sends SIGTERM and then SIGKILL after the unit's C(TimeoutStopSec).
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

- name: Start the worker with the release's scripts, as the service account, on an already mounted ramdisk
  datalake.alluxio.alluxio_service:
    name: worker
    manager: scripts
    mount: NoMount
  become: true
  become_user: alluxio

- name: Stop the job worker
  datalake.alluxio.alluxio_service:
    name: job_worker
    state: stopped
  become: true

- name: Start the master under systemd; restart it when its configuration changed after it started
  datalake.alluxio.alluxio_service:
    name: master
    restart_if_changed:
      - /opt/alluxio/conf/alluxio-site.properties
      - /opt/alluxio/conf/alluxio-env.sh
      - /etc/systemd/system/alluxio-master.service
      - /opt/alluxio
  become: true
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
  sample: [[/usr/bin/systemctl, start, alluxio-master]]
ready:
  description: What showed the started process ready; null when nothing was started.
  returned: always
  type: str
  sample: 'standby: the primary lists master2 as standby, started at 12-07-2026 01:12:13:626 (http://master1:19999/api/v1/master/webui_masters)'
elapsed:
  description: Seconds spent waiting for the process to become ready or to exit.
  returned: always
  type: float
  sample: 9.5
manager:
  description: What drove the process, V(systemd) or V(scripts).
  returned: always
  type: str
  sample: systemd
unit:
  description: The systemd unit of the process (also returned with the scripts).
  returned: always
  type: str
  sample: alluxio-master
started_at:
  description: When the process of RV(pid) started (epoch seconds, to 1/100 s); null when none runs.
  returned: always
  type: float
  sample: 1764600000.25
restart_reasons:
  description: Why O(state=started) restarted a running process; empty when it did not.
  returned: always
  type: list
  elements: str
  sample: ['changed since the process started: /opt/alluxio/conf/alluxio-site.properties']
'''

import json
import os
import pwd
import signal
import socket
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.urls import open_url

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    AlluxioInstall,
    alluxio_argument_spec,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import leader_query, serves_masters_list
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    SERVICES,
    changed_since,
    find_pids,
    plan_service_action,
    process_started_at,
    start_script_args,
    unit_name,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_readiness import (
    file_size,
    lines_since_time,
    log_fatal,
    log_ready,
    master_role,
    master_standing,
    read_since,
    tail,
    worker_standing,
)

POLL_SECONDS = 1.0
# How long a just-started JVM may take to show up in /proc before we call it dead.
APPEAR_SECONDS = 20
# How often the shell is asked for the masters when none this host knows serves.
SHELL_QUERY_SECONDS = 15
UNIT_DIR = '/etc/systemd/system'


class ServiceRunner(object):
    def __init__(self, module, inst, name, manager, unit):
        self.module = module
        self.inst = inst
        self.name = name
        self.manager = manager
        self.unit = unit
        self.spec = SERVICES[name]
        self.log = inst.log_path(self.spec['log'])
        self.out = inst.out_path(self.spec['log'])
        self.commands = []
        self.elapsed = 0.0
        self.ha_mode = inst.ha_mode() if name == 'master' else None
        self.standby_polls = 0
        self.started_at = None
        self.web_bases = None
        self.cluster_said = None
        self.shell_asked_at = 0.0
        self.systemctl = module.get_bin_path('systemctl', required=manager == 'systemd')
        self.uid = self.service_uid()

    def service_uid(self):
        """The uid the process runs as: its unit's User= (root without one),
        or this module's own with the scripts."""
        if self.manager != 'systemd':
            return os.geteuid()
        user = self.unit_property('User')
        if not user:
            return 0
        try:
            return pwd.getpwnam(user).pw_uid
        except KeyError:
            self.module.fail_json(msg='The unit %s runs as User=%s, which does not exist on this host: create the '
                                      'account (the alluxio_install role does) or fix the unit.' % (self.unit, user))

    def pids(self):
        return find_pids(self.spec['main_class'], uid=self.uid)

    # -- systemd -----------------------------------------------------------
    def unit_property(self, prop):
        rc, out, _err = self.module.run_command([self.systemctl, 'show', '-p', prop, '--value', self.unit])
        return out.strip() if rc == 0 else ''

    def restarting(self):
        """True while systemd is (re)starting the unit's process: waiting to
        restart it, or running its launcher before that execs the JVM."""
        if self.manager != 'systemd':
            return False
        active = self.unit_property('ActiveState')
        if active in ('activating', 'deactivating') or self.unit_property('SubState') == 'auto-restart':
            return True
        return active == 'active' and self.unit_property('MainPID') not in ('', '0')

    def supervised(self, pid):
        """True when ``pid`` is the main process of the unit (or scripts manage it)."""
        if self.manager != 'systemd':
            return True
        return self.unit_property('MainPID') == str(pid)

    # -- commands ----------------------------------------------------------
    def command_for(self, action):
        if self.manager == 'systemd':
            return [self.systemctl, action, self.unit]
        if action == 'stop':
            return self.inst.command([self.spec['script_target']], 'alluxio-stop.sh')
        mount = self.module.params['mount'] if self.name == 'worker' else None
        return self.inst.command(start_script_args(self.inst.version, self.spec['script_target'], mount),
                                 'alluxio-start.sh')

    def planned(self, actions, outside=()):
        commands = [['kill', '-TERM'] + [str(p) for p in outside]] if outside else []
        return commands + [self.command_for(action) for action in actions]

    def stop_unsupervised(self, timeout, outside):
        """Stop the JVMs ``outside`` the unit by PID: SIGTERM, then SIGKILL
        after half of ``timeout``. No release script runs as root."""
        started = time.time()

        def left():
            return [p for p in self.pids() if p in outside]

        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = left()
            if not pids:
                break
            self.commands.append(['kill', '-%s' % sig.name[3:]] + [str(p) for p in pids])
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass  # it ended meanwhile
            deadline = time.time() + max(timeout / 2.0, POLL_SECONDS)
            while left() and time.time() < deadline:
                time.sleep(POLL_SECONDS)
        if left():
            self.fail('Alluxio %s (pid %s) outside its unit %s still runs after SIGKILL.'
                      % (self.name, ', '.join(str(p) for p in left()), self.unit))
        self.elapsed += time.time() - started

    def run(self, action):
        argv = self.command_for(action)
        self.commands.append(argv)
        if argv[0] == self.systemctl:
            rc, out, err = self.module.run_command(argv)
        else:
            rc, out, err = self.inst.run(argv[1:], script=os.path.basename(argv[0]))
        if rc != 0:
            self.fail('%s exited with %d: %s' % (' '.join(argv), rc, (err or out).strip()[-2000:]))
        return out, err

    def logs_excerpt(self):
        parts = []
        for path in (self.log, self.out):
            text = tail(path, 40)
            if text:
                parts.append('--- last lines of %s ---\n%s' % (path, text))
        if self.manager == 'systemd':
            rc, out, _err = self.module.run_command(['journalctl', '-u', self.unit, '-n', '20', '--no-pager'])
            if rc == 0 and out.strip():
                parts.append('--- journalctl -u %s ---\n%s' % (self.unit, out.strip()))
        return '\n'.join(parts) or '(no log at %s or %s)' % (self.log, self.out)

    def fail(self, msg, **extra):
        self.module.fail_json(msg=msg, log=self.log, cmd=self.commands, state=self.module.params['state'],
                              pid=(self.pids() or [None])[0], manager=self.manager, **extra)

    def stop(self, timeout):
        self.run('stop')
        started = time.time()
        while self.pids():
            if time.time() - started > timeout:
                self.fail('Alluxio %s (pid %s) still runs %d s after %s; kill it or raise timeout.\n%s'
                          % (self.name, ', '.join(str(p) for p in self.pids()), timeout,
                             ' '.join(self.commands[-1]), self.logs_excerpt()))
            time.sleep(POLL_SECONDS)
        self.elapsed += time.time() - started

    def start(self, timeout):
        log_offset = file_size(self.log)
        self.run('start')
        return self.wait_ready(timeout, lambda: read_since(self.log, log_offset))

    def wait_running_ready(self, timeout, pid):
        """Readiness of a process that runs already, from its log since it started."""
        since = process_started_at(pid) or 0.0
        return self.wait_ready(timeout, lambda: lines_since_time(read_since(self.log, 0), since))

    def wait_ready(self, timeout, fresh_log_text):
        started = time.time()
        seen = None
        while True:
            waited = time.time() - started
            pids = self.pids()
            if pids and pids[0] != seen:
                seen = pids[0]
                # Unknown start: the time it was seen, which only makes older registrations count less.
                self.started_at = process_started_at(seen) or time.time()
            if pids:
                evidence = self.ready_evidence(fresh_log_text)
                if evidence:
                    self.elapsed += waited
                    return seen, evidence
            elif (seen is not None or waited > APPEAR_SECONDS) and self.restarting():
                # The unit starts it again (Restart=on-failure): a job worker
                # that came up before its job master was serving, say.
                seen = None
            elif seen is not None or waited > APPEAR_SECONDS:
                fatal = log_fatal(fresh_log_text() + '\n' + tail(self.out, 40))
                self.fail('Alluxio %s %s after %s%s.\n%s'
                          % (self.name, 'exited' if seen else 'did not start',
                             ' '.join(self.commands[-1]) if self.commands else 'its start',
                             ': ' + fatal if fatal else '', self.logs_excerpt()))
            if waited > timeout:
                self.fail('Alluxio %s (pid %s) is alive but not ready after %d s: it has not shown that it %s (%s). '
                          'Raise timeout if it is only slow.\n%s'
                          % (self.name, seen, timeout, self.readiness_wanted(),
                             self.cluster_said or 'no sign in %s either' % self.log, self.logs_excerpt()))
            time.sleep(POLL_SECONDS)

    def readiness_wanted(self):
        if self.name == 'master':
            return 'leads' if self.ha_mode == 'single' else 'leads or stands by'
        if self.name == 'worker':
            return 'registered with the leading master'
        return 'started'

    def ready_evidence(self, fresh_log_text):
        """Readiness evidence, or None; ``fresh_log_text`` reads the log since
        the start, which only the log's cases need."""
        if self.name not in ('master', 'worker') or not serves_masters_list(self.inst.version):
            return self.log_evidence(fresh_log_text())
        # A master asks the shell for the others only once it stands by: a
        # master about to lead has no one else to ask.
        url, answer = self.primary_answer('webui_masters' if self.name == 'master' else 'info',
                                          lambda: self.name != 'master' or master_role(fresh_log_text()) == 'standby')
        if url is None:
            self.cluster_said = 'no master serves as primary: %s' % '; '.join(answer)
            # An embedded-journal quorum elects only once enough masters run:
            # until one serves, a master that joined the quorum counts.
            if self.name == 'master' and self.ha_mode == 'embedded':
                return self.log_evidence(fresh_log_text())
            return None
        self.standby_polls = 0
        if self.name == 'master':
            role, detail = master_standing(answer, self.own_host(), self.started_at, time.time())
            if role == 'standby' and self.ha_mode == 'single':
                role = None
        else:
            role, detail = worker_standing(answer, self.own_host(), self.started_at, time.time())
            if role and not self.worker_web_ok():
                # Its web server starts once its registration finished.
                role, detail = None, '%s, but its own web API does not answer yet' % detail
        self.cluster_said = '%s (%s)' % (detail, url)
        return '%s: %s' % (role, self.cluster_said) if role else None

    def log_evidence(self, fresh_log):
        """Readiness from the log: job processes and proxy, releases before 2.9,
        an embedded-journal quorum that has no primary yet."""
        if self.name != 'master':
            return log_ready(self.name, fresh_log)
        role = master_role(fresh_log)
        if role == 'leader':
            return 'leader: "Primary started" in %s' % self.log
        if role == 'standby' and self.ha_mode != 'single':
            # The election winner logs "Becoming a leader." right after the
            # standby line: only a standby role seen on two polls in a row counts.
            self.standby_polls += 1
            if self.standby_polls >= 2:
                return 'standby: joined the election (%s HA), says %s%s' % (
                    self.ha_mode, self.log, '; %s' % self.cluster_said if self.cluster_said else '')
        else:
            self.standby_polls = 0
        return None

    def worker_web_ok(self):
        url = 'http://%s:%s/api/v1/worker/info' % (local_address(self.inst.get('alluxio.worker.web.bind.host', 'WORKER')),
                                                   self.inst.get('alluxio.worker.web.port', 'WORKER') or '30000')
        try:
            return open_url(url, timeout=3, validate_certs=False).getcode() == 200
        except Exception:  # pylint: disable=broad-except
            return False

    def own_host(self):
        """The host name this process registers under."""
        key, role = ('alluxio.master.hostname', 'MASTER') if self.name == 'master' \
            else ('alluxio.worker.hostname', 'WORKER')
        return self.inst.get(key, role) or socket.getfqdn()

    def master_web_bases(self):
        """``http://host:port`` of every master this host knows, its own first."""
        if self.web_bases is None:
            hosts = []
            if self.name == 'master':
                hosts.append(local_address(self.inst.get('alluxio.master.web.bind.host')))
            hosts.extend(masters_file_hosts(os.path.join(self.inst.conf_dir, 'masters')))
            for key in ('alluxio.master.embedded.journal.addresses', 'alluxio.master.rpc.addresses'):
                hosts.extend(address.rsplit(':', 1)[0] for address in self.inst.get_list(key))
            if self.inst.get('alluxio.master.hostname'):
                hosts.append(self.inst.get('alluxio.master.hostname'))
            self.web_bases = []
            for host in hosts:
                self.add_web_base(host)
        return self.web_bases

    def primary_answer(self, endpoint, may_ask_shell=lambda: True):
        """``(url, document)`` of the first master whose ``/api/v1/master/<endpoint>``
        answers: only the primary serves it. ``(None, errors)`` when none does.
        When the configuration names no other master (ZooKeeper HA set up
        without ``conf/masters``), none answers and ``may_ask_shell()``, the
        shell names them."""
        url, answer = self.ask_masters(endpoint)
        if url is None and not self.knows_other_masters() \
                and time.time() - self.shell_asked_at > SHELL_QUERY_SECONDS and may_ask_shell():
            self.shell_asked_at = time.time()
            _cmd, _rc, _out, parsed = leader_query(self.inst)
            known = len(self.master_web_bases())
            for master in ([parsed['leader']] if parsed['leader'] else []) + parsed['masters']:
                self.add_web_base(master['host'])
            if len(self.master_web_bases()) > known:
                url, answer = self.ask_masters(endpoint)
        return url, answer

    def knows_other_masters(self):
        """True when the configuration names a master other than this host."""
        own = ('http://127.0.0.1:', 'http://localhost:', 'http://[::1]:', 'http://%s:' % self.own_host())
        return any(not base.startswith(own) for base in self.master_web_bases())

    def add_web_base(self, host):
        base = 'http://%s:%s' % ('[%s]' % host if ':' in host else host,
                                 self.inst.get('alluxio.master.web.port') or '19999')
        if base not in self.web_bases:
            self.web_bases.append(base)

    def ask_masters(self, endpoint):
        errors = []
        for base in self.master_web_bases():
            url = '%s/api/v1/master/%s' % (base, endpoint)
            try:
                response = open_url(url, timeout=3, validate_certs=False)
                return url, json.loads(response.read())
            except Exception as exc:  # pylint: disable=broad-except
                # Standbys accept the connection and drop it.
                errors.append('%s: %s' % (url, exc))
        return None, errors


def local_address(bind_host):
    """Where this host reaches a web server bound to ``bind_host``."""
    return '127.0.0.1' if (bind_host or '0.0.0.0') in ('0.0.0.0', '::') else bind_host


def masters_file_hosts(path):
    """The hosts of ``conf/masters``, without comments; [] if it cannot be read."""
    try:
        with open(path) as handle:
            lines = handle.read().splitlines()
    except (IOError, OSError):
        return []
    return [line.split('#', 1)[0].strip() for line in lines if line.split('#', 1)[0].strip()]


def resolve_manager(module, name):
    unit = module.params['unit'] or unit_name(name)
    manager = module.params['manager']
    if manager == 'auto':
        manager = 'systemd' if os.path.exists(os.path.join(UNIT_DIR, unit + '.service')) else 'scripts'
    if manager == 'systemd' and os.geteuid() != 0 and not module.check_mode:
        module.fail_json(msg='Alluxio %s runs under the systemd unit %s, which only root can start or stop: run this '
                             'task with become: true and no become_user (it runs as uid %d).'
                             % (name, unit, os.geteuid()), manager=manager, unit=unit)
    return manager, unit


def main():
    argument_spec = alluxio_argument_spec()
    argument_spec.update(
        name=dict(type='str', required=True, choices=sorted(SERVICES)),
        state=dict(type='str', default='started', choices=['started', 'stopped', 'restarted']),
        mount=dict(type='str', default='NoMount', choices=['NoMount', 'Mount', 'SudoMount']),
        timeout=dict(type='int', default=120),
        manager=dict(type='str', default='auto', choices=['auto', 'systemd', 'scripts']),
        unit=dict(type='str'),
        restart_if_changed=dict(type='list', elements='path', default=[]),
        wait_ready=dict(type='bool', default=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    if params['mount'] != 'NoMount' and params['name'] != 'worker':
        module.warn('mount=%s is ignored for name=%s; it only applies to the worker.'
                    % (params['mount'], params['name']))

    inst = AlluxioInstall(module, params['alluxio_home'], params['conf_dir'])
    inst.require_distribution()
    manager, unit = resolve_manager(module, params['name'])
    runner = ServiceRunner(module, inst, params['name'], manager, unit)
    pids = runner.pids()
    inside = [p for p in pids if runner.supervised(p)]
    outside = [p for p in pids if p not in inside]
    pid = (inside or outside or [None])[0]
    state = params['state']
    reasons = []
    # A JVM outside the unit is stopped in any case; it is the process (to
    # start again under the unit) only when the unit runs none.
    unsupervised = bool(outside)
    started_at = process_started_at(pid) if pid else None
    if pid and state == 'started':
        stale = changed_since(params['restart_if_changed'], started_at) if started_at else []
        if stale:
            reasons.append('changed since the process started: %s' % ', '.join(stale))
        if unsupervised and not inside:
            reasons.append('runs outside its systemd unit %s' % unit)
        if reasons:
            state = 'restarted'
    running = bool(pid)
    if manager == 'systemd' and state == 'stopped':
        # A unit waiting to restart a crashed JVM must be stopped too.
        running = running or runner.unit_property('ActiveState') in ('active', 'activating', 'reloading')
    actions = plan_service_action(state, running)
    result = dict(changed=bool(actions) or unsupervised, state=params['state'], log=runner.log, ready=None, pid=pid,
                  cmd=runner.planned(actions, outside), elapsed=0.0, manager=manager, unit=unit,
                  restart_reasons=reasons, started_at=started_at)
    if module.check_mode or (not actions and not unsupervised and not (pid and params['wait_ready'])):
        module.exit_json(**result)

    if not actions and inside and params['wait_ready']:
        pid, result['ready'] = runner.wait_running_ready(params['timeout'], pid)
    if unsupervised:
        # Started by the scripts (an older deploy, or by hand): stopped so
        # that the unit owns the next JVM.
        runner.stop_unsupervised(params['timeout'], outside)
    for action in actions:
        if action == 'stop':
            runner.stop(params['timeout'])
            pid = None
        else:
            pid, result['ready'] = runner.start(params['timeout'])
    result.update(pid=pid, cmd=runner.commands, elapsed=round(runner.elapsed, 1),
                  started_at=process_started_at(pid) if pid else None)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
