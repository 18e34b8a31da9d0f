# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Finding Alluxio JVMs by main class, and deciding what a service state needs.

The release scripts find their processes with ``ps | grep java | grep CLASS``.
That is a substring match, and ``alluxio.master.AlluxioMaster`` is a prefix of
``alluxio.master.AlluxioMasterMonitor`` (and a ``grep`` for the class would
match itself), so here a process matches only when its executable is ``java``
and one of its arguments is exactly the main class.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

SERVICES = {
    'master': {'main_class': 'alluxio.master.AlluxioMaster', 'script_target': 'master', 'log': 'master'},
    'worker': {'main_class': 'alluxio.worker.AlluxioWorker', 'script_target': 'worker', 'log': 'worker'},
    'job_master': {'main_class': 'alluxio.master.AlluxioJobMaster', 'script_target': 'job_master', 'log': 'job_master'},
    'job_worker': {'main_class': 'alluxio.worker.AlluxioJobWorker', 'script_target': 'job_worker', 'log': 'job_worker'},
    'proxy': {'main_class': 'alluxio.proxy.AlluxioProxy', 'script_target': 'proxy', 'log': 'proxy'},
}

# Where processes are listed; unit tests point it at a directory of their own.
PROC_ROOT = '/proc'

# Processes that hold the master journal open; formatting under them corrupts it.
JOURNAL_HOLDERS = ('alluxio.master.AlluxioMaster', 'alluxio.master.AlluxioSecondaryMaster')
WORKER_STORAGE_HOLDERS = ('alluxio.worker.AlluxioWorker',)


def split_cmdline(raw):
    """Turn the NUL-separated bytes of /proc/PID/cmdline into a list of str."""
    if isinstance(raw, bytes):
        raw = raw.decode('utf-8', 'replace')
    return [part for part in raw.split('\0') if part != '']


def is_java_with_class(argv, main_class):
    """True when ``argv`` is a java command line running ``main_class``."""
    if not argv:
        return False
    executable = os.path.basename(argv[0])
    if not executable.startswith('java'):
        return False
    return main_class in argv[1:]


def find_pids(main_class, proc_root=None):
    """PIDs (sorted) of java processes whose main class is ``main_class``."""
    proc_root = proc_root or PROC_ROOT
    pids = []
    own = os.getpid()
    try:
        entries = os.listdir(proc_root)
    except OSError:
        return pids
    for entry in entries:
        if not entry.isdigit() or int(entry) == own:
            continue
        try:
            with open(os.path.join(proc_root, entry, 'cmdline'), 'rb') as handle:
                argv = split_cmdline(handle.read())
        except (IOError, OSError):
            continue  # the process ended while we looked, or is not ours to read
        if is_java_with_class(argv, main_class):
            pids.append(int(entry))
    return sorted(pids)


def find_any(main_classes, proc_root=None):
    """Map each running main class out of ``main_classes`` to its PIDs."""
    running = {}
    for main_class in main_classes:
        pids = find_pids(main_class, proc_root)
        if pids:
            running[main_class] = pids
    return running


def plan_service_action(state, running):
    """Return the list of script actions for ``state`` given ``running``.

    ``started`` on a running JVM does nothing: the release's start script
    would first stop it, which fails over a leading master.
    """
    if state == 'started':
        return [] if running else ['start']
    if state == 'stopped':
        return ['stop'] if running else []
    if state == 'restarted':
        return ['stop', 'start'] if running else ['start']
    raise ValueError('unknown state %r' % (state,))
