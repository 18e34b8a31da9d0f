# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The sandbox directives of a Java service's systemd unit (ZooKeeper, Alluxio).

* sandbox_directives: ``Key=value`` lines for a unit whose process writes only
  the given directories; raises ValueError for a path systemd would read
  differently from what it says;
* sandbox_path_problems: the same refusals as sentences naming the variable,
  for a role's preflight.

Not MemoryDenyWriteExecute (the JIT writes code it then runs) and no device
access beyond the pseudo devices (not for FUSE).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import posixpath
import re

# Homes, which ProtectHome= hides or makes read-only.
HOME_ROOTS = ('/home', '/root', '/run/user')
# ReadWritePaths= splits on white space, unquotes and expands %-specifiers;
# a path made of these characters means what it says.
_PATH = re.compile(r'^/[A-Za-z0-9._+@:,=/-]*$')

_FIXED = (
    ('NoNewPrivileges', 'yes'),
    ('CapabilityBoundingSet', ''),
    ('ProtectSystem', 'strict'),
)
_AFTER_PATHS = (
    ('PrivateTmp', 'yes'),
    ('PrivateDevices', 'yes'),
    ('ProtectKernelTunables', 'yes'),
    ('ProtectKernelModules', 'yes'),
    ('ProtectKernelLogs', 'yes'),
    ('ProtectControlGroups', 'yes'),
    ('ProtectClock', 'yes'),
    ('ProtectHostname', 'yes'),
    ('RestrictSUIDSGID', 'yes'),
    ('RestrictNamespaces', 'yes'),
    ('RestrictRealtime', 'yes'),
    ('LockPersonality', 'yes'),
    ('SystemCallArchitectures', 'native'),
    ('RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'),
)


def path_problem(path):
    """Why ``path`` cannot be a writable directory of a sandboxed unit, or None."""
    if not isinstance(path, str) or not path:
        return 'expected an absolute path, got %r' % (path,)
    if not _PATH.match(path):
        return ("'%s' is not an absolute path of letters, digits and . _ + @ : , = / - "
                "(systemd splits on spaces and expands %%-specifiers)" % path)
    if posixpath.normpath(path) != path or path == '/':
        return "'%s' is not a normalised directory below / (no //, /./, /../ or trailing /)" % path
    return None


def sandbox_path_problems(paths_by_variable, units, switch):
    """Why the directories of ``paths_by_variable`` (variable -> paths) cannot be
    writable in the sandbox of ``units``; ``switch`` is the variable that turns it off."""
    problems = []
    for variable, paths in sorted((paths_by_variable or {}).items()):
        for path in paths or []:
            problem = path_problem(path)
            if problem:
                problems.append('%s: %s, which the sandbox of %s cannot make writable: fix the path, or set %s: false.'
                                % (variable, problem, units, switch))
    return problems


def _under_home(path):
    return any(path == root or path.startswith(root + '/') for root in HOME_ROOTS)


def sandbox_directives(writable, optional=(), umask='0027'):
    """``Key=value`` lines of the sandbox.

    writable: directories the process writes; the unit does not start when one
    is missing. optional: directories it may write when they exist. A home
    among them makes ProtectHome read-only instead of hiding the homes.
    """
    if not re.match(r'^0[0-7]{3}$', str(umask)):
        raise ValueError("umask '%s' is not four octal digits such as 0027" % (umask,))
    paths = []
    for path in list(writable) + list(optional):
        problem = path_problem(path)
        if problem:
            raise ValueError(problem)
    for path in writable:
        if path not in paths:
            paths.append(path)
    for path in optional:
        if path not in paths and '-' + path not in paths:
            paths.append('-' + path)
    if not paths:
        raise ValueError('a sandboxed unit needs at least one writable directory')
    home = 'read-only' if any(_under_home(path.lstrip('-')) for path in paths) else 'yes'
    lines = ['UMask=%s' % umask] + ['%s=%s' % pair for pair in _FIXED]
    lines += ['ReadWritePaths=%s' % ' '.join(paths), 'ProtectHome=%s' % home]
    lines += ['%s=%s' % pair for pair in _AFTER_PATHS]
    return lines
