# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Parsers for what the Alluxio distribution prints or ships.

The shell commands exit 0 even when they fail (``fs masterInfo`` prints
"Failed to find leader master", ``fs leader`` writes its error to stderr),
so the output decides, never the exit code.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

_VERSION = re.compile(r'(?<![\d.])(\d+)\.(\d+)\.(\d+)((?:-[A-Za-z0-9]+)*)')
_JAR_VERSION = re.compile(
    r'^alluxio-[a-z0-9-]*?-?(\d+\.\d+\.\d+(?:-[A-Za-z0-9]+)*?)(?:-jar-with-dependencies)?\.jar$')
_LIBEXEC_VERSION = re.compile(r'^\s*(?:export\s+)?(?:ALLUXIO_)?VERSION=["\']?([0-9][^"\'\s]*)', re.M)
_SOCKET_ADDRESS = re.compile(r'^(?P<host>[^/\s]*)/(?P<ip>[^\s:/]*|<unresolved>):(?P<port>\d+)$')
_HOST_PORT = re.compile(r'^(?P<host>[^/\s:]+):(?P<port>\d+)$')
_HOSTNAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')

LEADER_PREFIX = 'Current leader master:'
MASTERS_PREFIX = 'All masters:'


def version_tuple(text):
    """``(major, minor, patch)`` of the first version in ``text``, or None."""
    match = _VERSION.search(text or '')
    if not match:
        return None
    return tuple(int(part) for part in match.group(1, 2, 3))


def version_string(text):
    match = _VERSION.search(text or '')
    return match.group(0) if match else None


def version_from_jar_names(names):
    """Version from jar names such as ``alluxio-server-2.9.3.jar`` or
    ``alluxio-assemblies-1.2.0-jar-with-dependencies.jar``."""
    for name in sorted(names):
        match = _JAR_VERSION.match(name)
        if match:
            return match.group(1)
    return None


def version_from_libexec(text):
    """Version from the ``VERSION=`` line of ``libexec/alluxio-config.sh``."""
    match = _LIBEXEC_VERSION.search(text or '')
    return match.group(1) if match else None


def uses_format_journal(version):
    """``formatJournal``/``formatWorker`` exist from 1.8; before that only
    ``format`` (which also formats the workers over ssh) and ``formatWorker``."""
    return version is None or tuple(version[:2]) >= (1, 8)


def uses_master_info(version):
    return version is None or tuple(version[:2]) >= (1, 8)


def parse_address(text):
    """Parse ``InetSocketAddress.toString()`` (``host/1.2.3.4:19998``,
    ``/1.2.3.4:19998``, ``host/<unresolved>:19998``) or ``host:port``."""
    text = text.strip()
    match = _SOCKET_ADDRESS.match(text)
    if match:
        ip = match.group('ip')
        ip = None if ip in ('', '<unresolved>') else ip
        host = match.group('host') or ip
        if not host:
            return None
        port = int(match.group('port'))
        return {'host': host, 'ip': ip, 'port': port, 'address': '%s:%d' % (host, port)}
    match = _HOST_PORT.match(text)
    if match:
        port = int(match.group('port'))
        return {'host': match.group('host'), 'ip': None, 'port': port,
                'address': '%s:%d' % (match.group('host'), port)}
    return None


def _split_list(text):
    text = text.strip()
    if text.startswith('[') and text.endswith(']'):
        text = text[1:-1]
    return [item for item in (part.strip() for part in text.split(',')) if item]


def parse_master_info(stdout):
    """Parse ``alluxio fs masterInfo`` (1.8 and 2.x).

    Returns ``{'leader': address-dict-or-None, 'masters': [...], 'error': str-or-None}``.
    """
    leader = None
    masters = []
    errors = []
    for line in (stdout or '').splitlines():
        line = line.strip()
        if line.startswith(LEADER_PREFIX):
            leader = parse_address(line[len(LEADER_PREFIX):])
            if leader is None:
                errors.append('unparsable leader line: %s' % line)
        elif line.startswith(MASTERS_PREFIX):
            for item in _split_list(line[len(MASTERS_PREFIX):]):
                parsed = parse_address(item)
                if parsed:
                    masters.append(parsed)
        elif line.startswith('Failed to'):
            errors.append(line)
    error = None
    if leader is None:
        error = '; '.join(errors) or 'no "%s" line in the output' % LEADER_PREFIX
    return {'leader': leader, 'masters': masters, 'error': error}


def parse_fs_leader(stdout, rpc_port):
    """Parse ``alluxio fs leader`` (1.x; 2.x prints a deprecation notice
    first). It prints the leader's host name only."""
    for line in reversed((stdout or '').splitlines()):
        line = line.strip()
        if not line or 'deprecated' in line.lower():
            continue
        if _HOSTNAME.match(line):
            address = parse_address(line) if ':' in line else None
            if address:
                return {'leader': address, 'masters': [], 'error': None}
            return {'leader': {'host': line, 'ip': None, 'port': rpc_port,
                               'address': '%s:%d' % (line, rpc_port)},
                    'masters': [], 'error': None}
        return {'leader': None, 'masters': [], 'error': line}
    return {'leader': None, 'masters': [], 'error': 'empty output'}


def output_failure(stdout, stderr):
    """A line that shows a distribution command failed although it exited 0,
    or None."""
    patterns = (
        r'^Exception in thread',
        r'^Error:',
        r'requires Java',
        r'Cannot find .java',
        r'Failed to format',
        r'Usage: ',
    )
    for line in ((stdout or '') + '\n' + (stderr or '')).splitlines():
        stripped = line.strip()
        for pattern in patterns:
            if re.search(pattern, stripped):
                return stripped
    return None
