# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""When a freshly started Alluxio process counts as ready.

A live JVM is not enough, and its log is not the judge either (a log can roll
over, or fill with other lines): the cluster is asked. A master is ready once
it serves as primary, or once the serving primary lists it as a standby that
registered after the process started (``/api/v1/master/webui_masters``); a
worker once the serving primary heard from it after it started
(``/api/v1/master/info``). The log decides only where no master serves yet
(a quorum that is still forming) and explains failures; it is read only from
the offset it had before the start, so old runs cannot answer.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import os
import re
import time

# Master role changes as logged by 1.x and 2.x masters, in log order. 2.9 logs
# "Started in stand-by mode." on every master, then "Becoming a leader." on the
# one that wins the election, and "Primary started" once that one serves.
MASTER_ROLE_PATTERNS = (
    (re.compile(r'Started in stand-?by mode|\b(?:Secondary|Standby) started'), 'standby'),
    (re.compile(r'Becoming a leader|Transitioning from (?:standby|secondary) to primary'), 'electing'),
    (re.compile(r'Primary started'), 'leader'),
    (re.compile(r'Primary stopped|Losing primacy'), 'electing'),
)

# Log lines that prove readiness of the other processes.
READY_PATTERNS = {
    'worker': (
        (r'Finished registration', 'registered with the leading master'),
        (r'[Rr]egistered with (?:the )?(?:primary |leading )?master', 'registered with the leading master'),
        (r'Alluxio worker started', 'worker started (after registering with the master)'),
    ),
    'job_master': (
        (r'Primary started', 'job master leads'),
        (r'Started in stand-?by mode|\b(?:Secondary|Standby) started', 'job master stands by'),
        (r'Alluxio job master .*started', 'job master started'),
    ),
    'job_worker': (
        (r'[Rr]egistered with (?:the )?job master', 'registered with the job master'),
        (r'Alluxio job worker .*started', 'job worker started'),
    ),
    'proxy': (
        (r'Alluxio proxy .*started', 'proxy started'),
        (r'Started ServerConnector', 'proxy web server started'),
    ),
}


def master_role(text):
    """The last election role the master log shows: None, 'standby',
    'electing' (won the election, not serving yet) or 'leader'."""
    role = None
    for line in (text or '').splitlines():
        for pattern, value in MASTER_ROLE_PATTERNS:
            if pattern.search(line):
                role = value
                break
    return role


# Lines after which the process will not become ready on its own.
FATAL_PATTERNS = (
    r'\bFATAL\b',
    r'Exception in thread "main"',
    r'Failed to start',
    r'Cannot run Alluxio',
    r'Address already in use',
    r'Alluxio requires Java',
)


def log_ready(service, text):
    """The readiness evidence found in ``text`` for ``service`` (not the
    master: see ``master_role``), or None."""
    for pattern, evidence in READY_PATTERNS.get(service, ()):
        if re.search(pattern, text or ''):
            return evidence
    return None


def log_fatal(text):
    """The first line of ``text`` that shows the start failed, or None."""
    for line in (text or '').splitlines():
        for pattern in FATAL_PATTERNS:
            if re.search(pattern, line):
                return line.strip()
    return None


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_since(path, offset, limit=4 * 1024 * 1024):
    """Text appended to ``path`` after ``offset`` (all of it if the log was
    rotated and is now shorter), at most ``limit`` bytes from the end."""
    size = file_size(path)
    start = offset if size >= offset else 0
    start = max(start, size - limit)
    try:
        with open(path, 'rb') as handle:
            handle.seek(start)
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return ''


def tail(path, lines=40, chunk=64 * 1024):
    """The last ``lines`` lines of ``path`` ('' if it cannot be read)."""
    size = file_size(path)
    try:
        with open(path, 'rb') as handle:
            handle.seek(max(0, size - chunk))
            data = handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return ''
    return '\n'.join(data.splitlines()[-lines:])


# log4j's %d{ISO8601}, in the JVM's local time: 2026-12-01 17:55:01,123
LOG_TIMESTAMP = re.compile(r'^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)[,.](\d{3})')


def log_line_epoch(line):
    """Epoch seconds of a log4j ISO8601 line (local time), or None."""
    match = LOG_TIMESTAMP.match(line)
    if not match:
        return None
    parts = [int(part) for part in match.groups()]
    return time.mktime((parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], 0, 0, -1)) + parts[6] / 1000.0


def lines_since_time(text, since, slack=1.0):
    """The lines of ``text`` logged at or after ``since`` (epoch) less ``slack``
    seconds; untimed lines (stack traces) go with the line before them."""
    kept = []
    keep = False
    for line in (text or '').splitlines():
        stamp = log_line_epoch(line)
        if stamp is not None:
            keep = stamp >= since - slack
        if keep:
            kept.append(line)
    return '\n'.join(kept)


# The primary's web API formats times with alluxio.user.date.format.pattern
# (MM-dd-yyyy HH:mm:ss:SSS) in its own time zone: "12-07-2026 01:12:13:626".
MASTER_TIME = re.compile(r'^(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d):(\d\d):(\d{3})$')
# Time zones are whole quarter hours from UTC.
ZONE_STEP = 900.0


def master_time(text):
    """Seconds of a time the primary formatted, read as if it were UTC; None
    for "N/A" or anything else."""
    match = MASTER_TIME.match((text or '').strip())
    if not match:
        return None
    month, day, year, hour, minute, second, millis = [int(part) for part in match.groups()]
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) + millis / 1000.0


def primary_zone_offset(masters, now):
    """Seconds the primary's formatted times run ahead of epoch time (its time
    zone), from its own entry, whose last update is the moment it answered;
    None when the answer has no such time."""
    primary = masters.get('primaryMasterInfo') or {}
    answered = master_time(primary.get('lastUpdatedTime'))
    if answered is None:
        return None
    return round((answered - now) / ZONE_STEP) * ZONE_STEP


def _host(entry):
    return ((entry or {}).get('address') or {}).get('host')


def master_standing(masters, host, started_at, now, slack=1.0):
    """What the primary's ``webui_masters`` answer says of the master on
    ``host`` whose process started at ``started_at`` (epoch seconds):
    ``(role, why)`` with role 'leader' or 'standby' when the primary knows
    that process (registered at or after it started), None otherwise."""
    offset = primary_zone_offset(masters, now)
    if offset is None:
        return None, 'the primary answered without the time of its answer'
    entries = [('leader', masters.get('primaryMasterInfo'))]
    entries += [('standby', entry) for entry in masters.get('standbyMasterInfos') or []]
    entries += [('lost', entry) for entry in masters.get('lostMasterInfos') or []]
    for role, entry in entries:
        if _host(entry) != host:
            continue
        started = master_time(entry.get('startTime'))
        if role == 'lost':
            return None, 'the primary counts %s lost' % host
        if started is None or started - offset < started_at - slack:
            return None, ('the primary still lists the %s on %s that started at %s, before this process'
                          % (role, host, entry.get('startTime')))
        return role, 'the primary lists %s as %s, started at %s' % (host, role, entry.get('startTime'))
    return None, 'the primary does not list %s yet' % host


def answered_at(info, now):
    """When the primary computed its ``info`` answer (epoch seconds, its clock):
    its start plus its uptime; ``now`` when the answer lacks them."""
    try:
        return (float(info['startTimeMs']) + float(info['uptimeMs'])) / 1000.0
    except (KeyError, TypeError, ValueError):
        return now


def worker_standing(info, host, started_at, now):
    """What the primary's ``info`` answer says of the worker on ``host`` whose
    process started at ``started_at``: ``('registered', why)`` when the
    primary heard from it after the process started (the old process was gone
    by then), ``(None, why)`` if not."""
    for entry in info.get('lostWorkers') or []:
        if _host(entry) == host:
            return None, 'the primary counts the worker on %s lost' % host
    for entry in info.get('workers') or []:
        if _host(entry) != host:
            continue
        try:
            silent = float(entry.get('lastContactSec'))
        except (TypeError, ValueError):
            return None, 'the primary lists the worker on %s without a last contact' % host
        # Whole seconds, rounded down: the contact may be up to a second older.
        if answered_at(info, now) - silent - 1 >= started_at:
            return 'registered', 'the primary heard from the worker on %s %d s ago' % (host, silent)
        return None, ('the primary last heard from the worker on %s %d s ago, before this process started'
                      % (host, silent))
    return None, 'the primary does not list a worker on %s' % host
