# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Which Alluxio version a running JVM executes.

The installation a JVM was started from can be swapped under it: an upgrade
unpacks the new release beside the old one and points the ``alluxio_home``
symlink at it, so ``-Dalluxio.home=/opt/alluxio`` names the new release while
the JVM still runs the old jars. What the JVM itself holds answers instead,
in this order:

1. jar names on its class path (``-cp``): the release's
   ``assembly/alluxio-server-2.9.6.jar`` carries the version in its name;
2. jars it has open (``/proc/PID/fd``; the kernel resolved the symlink when
   the jar was opened, and the names are versioned too). This covers a class
   path of directories or wildcards (``assembly/server/*``);
3. jars it has mapped (``/proc/PID/maps``).

Reading another user's ``/proc/PID/fd`` needs root or the JVM's own user.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cli import (
    version_from_jar_names,
    version_tuple,
)
from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_process

CLASSPATH_FLAGS = ('-cp', '-classpath', '--class-path')


def jvm_classpath(argv):
    """The class path of a java command line ('' when none is given)."""
    for index, arg in enumerate(argv or []):
        if arg in CLASSPATH_FLAGS and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith('--class-path='):
            return arg.split('=', 1)[1]
        if arg.startswith('-Djava.class.path='):
            return arg.split('=', 1)[1]
    return ''


def jvm_property(argv, name):
    """The value of ``-D<name>=...`` in a java command line, or None."""
    prefix = '-D%s=' % name
    value = None
    for arg in argv or []:
        if arg.startswith(prefix):
            value = arg[len(prefix):]  # the last one wins, as in the JVM
    return value


def alluxio_version_of_paths(paths):
    """The Alluxio version in the names of ``alluxio-*-<version>.jar`` paths,
    or None. Paths that are no Alluxio jars are ignored."""
    names = [os.path.basename(path.strip()) for path in paths or [] if path and path.strip()]
    names = [name for name in names if name.startswith('alluxio-') and name.endswith('.jar')]
    return version_from_jar_names(names)


def _open_files(pid, proc_root):
    fd_dir = os.path.join(proc_root, str(pid), 'fd')
    targets = []
    try:
        entries = os.listdir(fd_dir)
    except OSError:
        return None  # not ours to read, or gone
    for entry in entries:
        try:
            targets.append(os.readlink(os.path.join(fd_dir, entry)))
        except OSError:
            continue
    return targets


def _mapped_files(pid, proc_root):
    try:
        with open(os.path.join(proc_root, str(pid), 'maps'), 'r') as handle:
            lines = handle.read().splitlines()
    except (IOError, OSError):
        return None
    paths = []
    for line in lines:
        fields = line.split(None, 5)
        if len(fields) == 6 and fields[5].startswith('/'):
            paths.append(fields[5].replace(' (deleted)', ''))
    return paths


def running_version(pid, argv, proc_root=None):
    """``{'version', 'source', 'home', 'readable'}`` of the JVM ``pid``.

    ``version`` is None when nothing the JVM shows names a version;
    ``readable`` is False when its open files could not be read (run as root
    or as the JVM's user).
    """
    proc_root = proc_root or alluxio_process.PROC_ROOT
    info = {'version': None, 'source': None, 'home': jvm_property(argv, 'alluxio.home'), 'readable': True}
    version = alluxio_version_of_paths(jvm_classpath(argv).split(':'))
    if version:
        info.update(version=version, source='class path')
        return info
    for source, reader in (('open files', _open_files), ('memory maps', _mapped_files)):
        paths = reader(pid, proc_root)
        if paths is None:
            info['readable'] = False
            continue
        version = alluxio_version_of_paths(paths)
        if version:
            info.update(version=version, source=source)
            return info
    return info


def compare_versions(running, target):
    """'same', 'older', 'newer' or 'unknown' for two version strings."""
    left, right = version_tuple(running), version_tuple(target)
    if left is None or right is None:
        return 'unknown'
    if left == right:
        return 'same'
    return 'older' if left < right else 'newer'


def processes(services, proc_root=None):
    """Map each Alluxio process name out of ``services`` that runs here to
    ``{'pid', 'version', 'source', 'home', 'readable'}`` (first JVM only)."""
    proc_root = proc_root or alluxio_process.PROC_ROOT
    found = {}
    for name in services:
        pids = alluxio_process.find_pids(alluxio_process.SERVICES[name]['main_class'], proc_root)
        if not pids:
            continue
        try:
            with open(os.path.join(proc_root, str(pids[0]), 'cmdline'), 'rb') as handle:
                argv = alluxio_process.split_cmdline(handle.read())
        except (IOError, OSError):
            argv = []
        info = running_version(pids[0], argv, proc_root)
        info['pid'] = pids[0]
        found[name] = info
    return found
