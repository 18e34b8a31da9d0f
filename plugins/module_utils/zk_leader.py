# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Find the Alluxio primary master the way Alluxio clients do.

Alluxio's leader master writes a child named ``host:rpcport`` under the
leader path (``/alluxio/leader`` in 2.x, ``/leader`` in 1.x). 2.x creates it
EPHEMERAL; 1.x creates it PERSISTENT, so a crashed 1.x leader leaves a stale
child behind. Clients take the only child, or else the child with the largest
ZooKeeper ``ctime`` (``ZkMasterInquireClient``). This file holds that rule as
pure functions, plus a kazoo connection helper shared by plugins and modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import contextlib
import logging
import threading
import time
import traceback

from ansible_collections.datalake.alluxio.plugins.module_utils.ports import parse_host_port  # noqa: F401 (used here and by importers)

KAZOO_IMPORT_ERROR = None
try:
    from kazoo.client import KazooClient
    from kazoo.exceptions import (
        AuthFailedError,
        ConnectionLoss,
        KazooException,
        NoAuthError,
        NoNodeError,
        SessionExpiredError,
    )
    from kazoo.retry import KazooRetry, RetryFailedError
except ImportError:
    HAS_KAZOO = False
    KAZOO_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_KAZOO = True

DEFAULT_LEADER_PATH = '/alluxio/leader'
LEGACY_LEADER_PATH = '/leader'

# Upper bound between two reads while waiting; a children watch wakes the
# loop earlier when the leader node changes.
WAIT_POLL_INTERVAL = 1.0

_LOGGER_NAME = 'ansible_collections.datalake.alluxio.zk_leader'
_log = logging.getLogger(_LOGGER_NAME)
# kazoo logs every failed connect attempt as a warning; keep them out of
# Ansible's stderr but let a capturing handler turn them into error causes.
_log.addHandler(logging.NullHandler())

Candidate = collections.namedtuple('Candidate', ['name', 'host', 'port', 'ctime'])


class ZkLeaderError(Exception):
    """Base class for every error raised by this file."""


class ZkConnectError(ZkLeaderError):
    """The ensemble could not be reached."""


class ZkNoLeaderError(ZkLeaderError):
    """The leader path is missing, empty or unreadable."""


class ZkAuthError(ZkLeaderError):
    """The leader path has an ACL that the session's identity does not pass."""


class ZkWaitTimeoutError(ZkLeaderError):
    """No leader other than the excluded one appeared in time."""


def parse_exclude(value):
    """Parse the ``exclude`` option: ``host:port`` or a bare host (any port).

    Returns (host, port or None).
    """
    value = value.strip()
    try:
        return parse_host_port(value)
    except ValueError:
        bare = value[1:-1] if value.startswith('[') and value.endswith(']') else value
        # A bare IPv6 address has several colons; a bare name has none.
        if bare and (':' not in bare or bare.count(':') > 1) and '[' not in bare and ']' not in bare:
            return bare, None
        raise


def format_host_port(host, port):
    if ':' in host:
        return '[%s]:%d' % (host, port)
    return '%s:%d' % (host, port)


def make_candidate(name, ctime):
    """Build a Candidate; host and port are None if the name is not host:port."""
    try:
        host, port = parse_host_port(name)
    except ValueError:
        host, port = None, None
    return Candidate(name=name, host=host, port=port, ctime=int(ctime))


def sort_candidates(candidates):
    """Newest first; equal ctimes ordered by name so results are stable."""
    return sorted(candidates, key=lambda c: (-c.ctime, c.name))


def choose_leader(candidates):
    """Apply Alluxio's rule: the only child, else the child with the largest ctime.

    Alluxio keeps the first child with the strictly largest ctime in the
    server's child order, which is arbitrary for ties; ties are broken here by
    the smallest name. Returns None when there are no candidates.
    """
    ordered = sort_candidates(candidates)
    return ordered[0] if ordered else None


def is_excluded(candidate, exclude):
    """True when the candidate matches the parsed ``exclude`` (host, port|None)."""
    if exclude is None or candidate is None:
        return False
    host, port = exclude
    if candidate.host is None:
        return candidate.name == format_host_port(host, port) if port else candidate.name == host
    if candidate.host.lower() != host.lower():
        return False
    return port is None or candidate.port == port


def normalize_hosts(hosts):
    """Return the kazoo connection string from a list or a comma string."""
    if hosts is None:
        hosts = []
    if isinstance(hosts, str):
        hosts = hosts.split(',')
    items = [str(h).strip() for h in hosts if str(h).strip()]
    if not items:
        raise ValueError('no ZooKeeper hosts given')
    return ','.join(items)


def candidate_to_dict(candidate):
    return {
        'name': candidate.name,
        'host': candidate.host,
        'port': candidate.port,
        'ctime': candidate.ctime,
    }


def leader_result(leader, candidates, path, waited=None):
    """The ``dict`` form returned by the lookup."""
    result = candidate_to_dict(leader)
    result['path'] = path
    result['candidates'] = [candidate_to_dict(c) for c in sort_candidates(candidates)]
    if waited is not None:
        result['waited'] = round(waited, 3)
    return result


class _LastWarning(logging.Handler):
    """Remembers the last warning kazoo logged, to explain a failed connect."""

    def __init__(self):
        super(_LastWarning, self).__init__(level=logging.WARNING)
        self.message = None

    # kazoo's messages that carry a cause; others ("Transition to CONNECTING",
    # the retry-policy summary logged on stop) only hide it.
    CAUSES = ('Connection dropped', 'Connection time-out', 'Cannot resolve', 'AUTH_FAILED')

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # pylint: disable=broad-except
            return
        if message.startswith(self.CAUSES):
            self.message = message


@contextlib.contextmanager
def zk_client(hosts, timeout=10.0, retries=2, auth=None, use_ssl=False, ca=None,
              certfile=None, keyfile=None, verify_certs=True, sasl=None):
    """Yield a started KazooClient; always stop and close it afterwards.

    ``hosts`` is a kazoo connection string. Each connection attempt lasts
    ``timeout`` seconds and ``retries`` further attempts follow a failed one.
    ``auth`` is ``user:password`` for the digest scheme, ``sasl`` a
    ``(user, password)`` SASL DIGEST-MD5 login (it needs the Python library
    pure-sasl); neither appears in the errors raised here.
    """
    if not HAS_KAZOO:
        raise ZkLeaderError('the Python library kazoo is required')
    captured = _LastWarning()
    _log.addHandler(captured)
    client = None
    try:
        attempts = max(0, int(retries)) + 1
        for attempt in range(1, attempts + 1):
            client = KazooClient(
                hosts=hosts,
                timeout=max(float(timeout), 10.0),
                auth_data=[('digest', auth)] if auth else None,
                sasl_options={'mechanism': 'DIGEST-MD5', 'username': sasl[0], 'password': sasl[1]} if sasl else None,
                connection_retry=KazooRetry(max_tries=-1, delay=0.1, max_delay=1.0),
                command_retry=KazooRetry(max_tries=max(0, int(retries)), delay=0.2, max_delay=2.0),
                use_ssl=bool(use_ssl),
                ca=ca,
                certfile=certfile,
                keyfile=keyfile,
                verify_certs=bool(verify_certs),
                logger=_log,
            )
            try:
                client.start(timeout=float(timeout))
                break
            except Exception as exc:  # pylint: disable=broad-except
                _close(client)
                client = None
                if attempt == attempts:
                    cause = captured.message or str(exc) or type(exc).__name__
                    raise ZkConnectError(
                        'cannot connect to the ZooKeeper ensemble %s (%d attempt%s of %ss; '
                        'last error: %s); check hosts, that ZooKeeper runs and is reachable, '
                        'and use_ssl if the ensemble only has a secure client port%s'
                        % (hosts, attempts, '' if attempts == 1 else 's', timeout, cause,
                           ('; and that the ensemble lets account %s log in with that password (SASL)' % sasl[0])
                           if sasl else ''))
        if sasl:
            # kazoo reports a refused login at the first request, not at start.
            try:
                client.exists('/')
            except AuthFailedError:
                raise ZkAuthError('the ZooKeeper ensemble %s refused the SASL login of account %s: check that it has that'
                                  ' account (zookeeper_auth_users) with this password' % (hosts, sasl[0]))
        yield client
    finally:
        _log.removeHandler(captured)
        if client is not None:
            _close(client)


def _close(client):
    try:
        client.stop()
    finally:
        client.close()


def read_candidates(client, path, hosts, watch=None):
    """Return the leader path's children as Candidates.

    Raises ZkNoLeaderError if the path does not exist or cannot be read.
    A child that disappears between listing and stat (an ephemeral leader
    losing its session) is skipped.
    """
    try:
        children = client.retry(client.get_children, path, watch=watch)
    except NoNodeError:
        raise ZkNoLeaderError(
            'no Alluxio leader in the ZooKeeper ensemble %s: the path %s does not exist '
            '(Alluxio 2.x uses /alluxio/leader, 1.x uses /leader; set leader_path to '
            'the value of alluxio.zookeeper.leader.path)' % (hosts, path))
    except NoAuthError:
        raise ZkAuthError(
            'not authorized to read %s in the ZooKeeper ensemble %s: the znode has an ACL; '
            'set auth to the user:password of its digest identity' % (path, hosts))
    candidates = []
    for child in children:
        try:
            stat = client.retry(client.exists, '%s/%s' % (path.rstrip('/'), child))
        except NoNodeError:
            stat = None
        if stat is not None:
            candidates.append(make_candidate(child, stat.ctime))
    return candidates


def find_leader(client, path, hosts, watch=None):
    """Return (leader Candidate, all Candidates); raise if there is no leader."""
    candidates = read_candidates(client, path, hosts, watch=watch)
    leader = choose_leader(candidates)
    if leader is None:
        raise ZkNoLeaderError(
            'no Alluxio leader in the ZooKeeper ensemble %s: %s has no children '
            '(no master is primary, or the masters use another leader path)' % (hosts, path))
    if leader.host is None:
        raise ZkNoLeaderError(
            'the newest child of %s in the ZooKeeper ensemble %s is %r, which is not host:port'
            % (path, hosts, leader.name))
    return leader, candidates


def wait_for_leader(client, path, hosts, exclude, wait, poll_interval=WAIT_POLL_INTERVAL,
                    clock=time.monotonic):
    """Return (leader, candidates, seconds waited) for a leader not matching ``exclude``.

    While waiting, a missing or empty leader path or a lost connection count
    as "no leader yet" (a failover is in progress). Raises ZkWaitTimeoutError
    when ``wait`` seconds pass.
    """
    started = clock()
    deadline = started + max(0.0, float(wait))
    changed = threading.Event()

    def on_change(_event):
        changed.set()

    last = 'nothing read yet'
    while True:
        changed.clear()
        try:
            leader, candidates = find_leader(client, path, hosts, watch=on_change)
            if not is_excluded(leader, exclude):
                return leader, candidates, clock() - started
            last = 'the leader is still %s' % leader.name
        except ZkNoLeaderError as exc:
            last = str(exc)
            try:
                client.exists(path, watch=on_change)
            except KazooException:
                pass
        except (ConnectionLoss, SessionExpiredError, RetryFailedError) as exc:
            last = 'connection problem: %s' % (str(exc) or type(exc).__name__)
        remaining = deadline - clock()
        if remaining <= 0:
            host, port = exclude
            excluded = format_host_port(host, port) if port else host
            raise ZkWaitTimeoutError(
                'timed out after %ss waiting for an Alluxio leader other than %s under %s '
                'in the ZooKeeper ensemble %s (%s); raise wait if the failover takes longer'
                % (wait, excluded, path, hosts, last))
        changed.wait(min(poll_interval, remaining))
