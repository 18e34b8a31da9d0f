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
import re
import time

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


def find_pids(main_class, proc_root=None, uid=None):
    """PIDs (sorted) of java processes whose main class is ``main_class``
    (and, when ``uid`` is given, that run as that uid: an argument list is
    anyone's to choose, the uid is not)."""
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
        if not is_java_with_class(argv, main_class):
            continue
        if uid is not None:
            try:
                if os.stat(os.path.join(proc_root, entry)).st_uid != uid:
                    continue
            except OSError:
                continue
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


def _clock_ticks():
    try:
        return os.sysconf('SC_CLK_TCK')
    except (ValueError, OSError, AttributeError):
        return 100


def process_started_at(pid, proc_root=None, now=None):
    """Epoch seconds (to 1/100 s) at which process ``pid`` started, or None.

    /proc/PID/stat gives the start in clock ticks since boot and /proc/uptime
    the seconds since boot, both to 1/100 s; /proc/stat's btime is whole
    seconds only, too coarse to compare with a file written just before.
    """
    proc_root = proc_root or PROC_ROOT
    try:
        with open(os.path.join(proc_root, str(pid), 'stat'), 'r') as handle:
            stat = handle.read()
        with open(os.path.join(proc_root, 'uptime'), 'r') as handle:
            uptime = float(handle.read().split()[0])
    except (IOError, OSError, ValueError, IndexError):
        return None
    # The command name (field 2) may hold spaces and parentheses: split after it.
    fields = stat[stat.rfind(')') + 2:].split()
    try:
        start_ticks = int(fields[19])
    except (IndexError, ValueError):
        return None
    now = time.time() if now is None else now
    return now - uptime + start_ticks / float(_clock_ticks())


def changed_since(paths, started_at):
    """The paths out of ``paths`` modified after ``started_at`` (epoch).

    Symlinks are not followed (``os.lstat``): switching ``alluxio_home`` to a
    new version changes the link itself. Missing paths are ignored.
    """
    newer = []
    for path in paths or ():
        try:
            mtime = os.lstat(path).st_mtime
        except OSError:
            continue
        if mtime > started_at:
            newer.append(path)
    return newer


def unit_name(service):
    """systemd unit of an Alluxio process: alluxio-master, alluxio-job-worker, ..."""
    return 'alluxio-' + service.replace('_', '-')


def start_script_args(version, target, mount=None):
    """Arguments of ``alluxio-start.sh`` that start one process on this host.

    ``-a`` (no monitor) exists from 2.0; 1.x's getopts only takes ``-hNw``, so
    there the script runs without it and waits for its monitor.
    """
    args = ['-a'] if version is None or version[0] >= 2 else []
    args.append(target)
    if target == 'worker' and mount:
        args.append(mount)
    return args


def has_launch_process(version):
    """True when the release ships ``bin/launch-process`` (2.1 and later)."""
    return version is None or tuple(version[:2]) >= (2, 1)


# Alluxio durations (alluxio.zookeeper.session.timeout and the like): a number
# of milliseconds, or a number with one of these units.
DURATION_UNITS_MS = {'': 1, 'ms': 1, 's': 1000, 'sec': 1000, 'm': 60000, 'min': 60000, 'h': 3600000}
_DURATION = re.compile(r'^\s*([0-9]+)\s*(ms|s|sec|m|min|h)?\s*$', re.IGNORECASE)
_URI_SCHEME = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*://')


def duration_ms(value):
    """Milliseconds of an Alluxio duration (``60s``, ``2min``, ``10000``), or
    None when Alluxio would not accept it."""
    match = _DURATION.match(str(value))
    if not match:
        return None
    return int(match.group(1)) * DURATION_UNITS_MS[(match.group(2) or '').lower()]


def is_local_path(value):
    """True for a path on the host's own file system (a plain path or a
    ``file://`` URI), False for a URI of another scheme (``hdfs://``, ``s3://``)."""
    text = str(value)
    return not _URI_SCHEME.match(text) or text.lower().startswith('file://')
