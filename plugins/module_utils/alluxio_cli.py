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


def serves_masters_list(version):
    """From 2.9 the primary's web API lists the standby masters with their
    start times (``webui_masters``), which readiness is judged from."""
    return version is None or tuple(version[:2]) >= (2, 9)


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


# ``alluxio fsadmin backup``. 2.3 and later (read in the 2.3.0, 2.5.0, 2.9.0,
# 2.9.4 and 2.9.6 jars) poll the backup and redraw a progress line ending in a
# carriage return (" Backup state: Running | Entries processed: N"), blanked
# with spaces, then print three "Backup Host/URI/Entry Count : value" lines.
# 1.8 prints "Successfully backed up journal to URI[ on master HOST]", 2.1
# adds " with N entries". Errors: the shell prints the exception message on
# stdout and exits 255; a backup lost in a failover prints "Backup lost. ...".
_BACKUP_FIELD = re.compile(r'^Backup (Host|URI|Entry Count)\s*:\s*(.*?)\s*$')
_BACKUP_LEGACY = re.compile(r'^Successfully backed up journal to (?P<uri>\S+)'
                            r'(?: on master (?P<host>\S+?))?(?: with (?P<count>\d+) entries)?\.?\s*$')
_BACKUP_PROGRESS = re.compile(r'Backup state:\s*(?P<state>\w+)(?:\s*\|\s*Entries processed:\s*(?P<count>\d+))?')

# Options of ``fsadmin backup`` and the newest release known NOT to have them
# (checked in the released alluxio-shell jars: 2.1.0 has no --allow-leader,
# 2.5.0 no --bypass-delegation; 2.3.0 and 2.9.0 have them).
BACKUP_FLAGS = (
    ('local', '--local', None),
    ('allow_leader', '--allow-leader', (2, 1)),
    ('bypass_delegation', '--bypass-delegation', (2, 5)),
)


def backup_lines(output):
    """The lines of ``output`` with the progress redraws split off: a carriage
    return ends a line like a newline does."""
    return [line.strip() for line in re.split(r'[\r\n]+', output or '') if line.strip()]


def parse_backup(output):
    """Parse ``alluxio fsadmin backup`` (1.8, 2.1 and 2.3+ layouts).

    Returns ``{'uri', 'host', 'entry_count', 'state', 'error'}``; ``uri`` is
    None (and ``error`` says why) when the output reports no finished backup.
    ``host`` is None when the release does not print it (1.8 without
    ``--local``); ``entry_count`` is None before 2.1.
    """
    result = {'uri': None, 'host': None, 'entry_count': None, 'state': None, 'error': None}
    errors = []
    for line in backup_lines(output):
        match = _BACKUP_FIELD.match(line)
        if match:
            key, value = match.group(1), match.group(2)
            if key == 'URI':
                result['uri'] = value or None
            elif key == 'Host':
                result['host'] = value or None
            elif value.isdigit():
                result['entry_count'] = int(value)
            result['state'] = 'Completed'
            continue
        match = _BACKUP_LEGACY.match(line)
        if match:
            result.update(uri=match.group('uri'), state='Completed')
            if match.group('host'):
                result['host'] = match.group('host')
            if match.group('count'):
                result['entry_count'] = int(match.group('count'))
            continue
        match = _BACKUP_PROGRESS.search(line)
        if match:
            result['state'] = match.group('state')
            if match.group('count'):
                result['entry_count'] = int(match.group('count'))
            continue
        if line.startswith('Backup lost') or re.match(r'^(Usage:|Error|Exception|.*Exception:|Failed)', line):
            errors.append(line)
        elif result['uri'] is None and result['state'] is None:
            # The shell prints an exception's message as a plain line.
            errors.append(line)
    if result['uri'] is None:
        result['state'] = 'Failed' if errors else result['state']
        result['error'] = '; '.join(errors[-3:]) or 'no "Backup URI" line in the output'
    return result


def backup_args(directory=None, local=False, allow_leader=False, bypass_delegation=False):
    """Arguments of ``bin/alluxio`` for ``fsadmin backup``."""
    args = ['fsadmin', 'backup']
    if directory:
        args.append(directory)
    wanted = {'local': local, 'allow_leader': allow_leader, 'bypass_delegation': bypass_delegation}
    for name, flag, _missing_in in BACKUP_FLAGS:
        if wanted[name]:
            args.append(flag)
    return args


def unsupported_backup_options(version, **wanted):
    """Names of the requested options the installed release is known to lack."""
    if version is None:
        return []
    missing = []
    for name, _flag, missing_in in BACKUP_FLAGS:
        if wanted.get(name) and missing_in is not None and tuple(version[:2]) <= missing_in:
            missing.append(name)
    if wanted.get('local') and tuple(version[:2]) < (1, 8):
        missing.append('local')
    if tuple(version[:2]) < (1, 8):
        missing.insert(0, 'fsadmin backup')
    return missing


# The shell's RPC retry window for a leader query: one unreachable master must
# not hold it for the default 2 minutes.
LEADER_QUERY_OPTS = '-Dalluxio.user.rpc.retry.max.duration=10s'


def leader_query(inst):
    """Ask the shell of the ``AlluxioInstall`` ``inst`` which master leads:
    ``fs masterInfo`` (1.8+) or ``fs leader``. Returns ``(argv, rc, stdout,
    parsed)``, parsed as ``parse_master_info`` does."""
    version = inst.version
    env = {}
    if version is None or version[0] >= 2:
        env['ALLUXIO_USER_JAVA_OPTS'] = LEADER_QUERY_OPTS
    if uses_master_info(version):
        args = ['fs', 'masterInfo']
        rc, out, err = inst.run(args, env=env)
        parsed = parse_master_info(out)
    else:
        args = ['fs', 'leader']
        rc, out, err = inst.run(args, env=env)
        parsed = parse_fs_leader(out, inst.get_int('alluxio.master.rpc.port'))
    if parsed['leader'] is None and err.strip():
        parsed['error'] = '%s (stderr: %s)' % (parsed['error'], err.strip()[-1000:])
    return inst.command(args), rc, out, parsed
