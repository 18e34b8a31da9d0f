# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""HDFS as the journal and under-storage of Alluxio: reading it without Hadoop.

The masters of a ZooKeeper-HA cluster share a journal on HDFS
(``hdfs://namenode:8020/alluxio/journal``). Whether that journal may be
formatted is decided by what it holds, so it is read here through the
NameNode's WebHDFS REST API (``dfs.webhdfs.enabled``, on by default; simple
authentication with ``user.name``), which needs no Hadoop client on the host:

* where the NameNode serves HTTP: the URI's authority, or the name service's
  NameNodes, with the ports of the operator's ``hdfs-site.xml``;
* the journal's state: absent, empty, formatted (Alluxio's ``_format_``
  marker) or holding data;
* a write probe as the service user: make a directory, write a file, list,
  delete, under the journal folder and under the root under-storage.

Every error is raised (WebHdfsError), never read as "nothing there".
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import json
import re
import socket
from xml.etree import ElementTree

from urllib.parse import quote, urlencode, urlsplit

DEFAULT_HTTP_PORT = 9870
DEFAULT_RPC_PORT = 8020
FORMAT_PREFIX = '_format_'
PROBE_PREFIX = '.datalake-probe-'
_HDFS_URI = re.compile(r'^hdfs://(?P<authority>[^/]+)(?P<path>/.*)?$')


class WebHdfsError(Exception):
    """A WebHDFS call failed; the message says which call, where and why."""


def hadoop_xml_properties(text):
    """The ``name -> value`` pairs of a Hadoop ``*-site.xml`` text.

    Raises ValueError with the parser's reason when the text is not such a file.
    """
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ValueError('not well-formed XML (%s)' % exc)
    if root.tag != 'configuration':
        raise ValueError('the root element is <%s>, not <configuration>' % root.tag)
    props = {}
    for prop in root.findall('property'):
        name = (prop.findtext('name') or '').strip()
        if not name:
            raise ValueError('a <property> has no <name>')
        props[name] = (prop.findtext('value') or '').strip()
    return props


def split_hdfs_uri(uri):
    """``(authority, path)`` of an ``hdfs://`` URI; ValueError for anything else."""
    match = _HDFS_URI.match(uri or '')
    if not match:
        raise ValueError('%s is not an hdfs://authority/path URI' % uri)
    path = match.group('path') or '/'
    if len(path) > 1:
        path = path.rstrip('/')
    return match.group('authority'), path


def _host_port(value, default_port):
    host, sep, port = value.rpartition(':')
    if not sep:
        return value, default_port
    return host, int(port)


def namenode_addresses(authority, hdfs_site=None):
    """Where the NameNode(s) of ``authority`` serve HTTP and RPC.

    Returns ``{'http': [(host, port), ...], 'rpc': [(host, port), ...]}``. An
    authority named in ``dfs.nameservices`` is a name service: its NameNodes
    (``dfs.ha.namenodes.<ns>``) and their ``dfs.namenode.http-address.<ns>.<nn>``
    and ``rpc-address``. Otherwise the authority's host with the ports of
    ``dfs.namenode.http-address`` (9870) and of the authority (8020).
    """
    props = hdfs_site or {}
    services = [s.strip() for s in props.get('dfs.nameservices', '').split(',') if s.strip()]
    if authority in services:
        ids = [n.strip() for n in props.get('dfs.ha.namenodes.%s' % authority, '').split(',') if n.strip()]
        if not ids:
            raise ValueError('hdfs-site.xml names the name service %s but not its NameNodes '
                             '(dfs.ha.namenodes.%s)' % (authority, authority))
        http, rpc = [], []
        for nn in ids:
            for kind, default, found in (('http-address', DEFAULT_HTTP_PORT, http),
                                         ('rpc-address', DEFAULT_RPC_PORT, rpc)):
                key = 'dfs.namenode.%s.%s.%s' % (kind, authority, nn)
                if not props.get(key):
                    raise ValueError('hdfs-site.xml lacks %s (NameNode %s of the name service %s)'
                                     % (key, nn, authority))
                found.append(_host_port(props[key], default))
        return {'http': http, 'rpc': rpc}
    host, rpc_port = _host_port(authority, DEFAULT_RPC_PORT)
    http_port = DEFAULT_HTTP_PORT
    if props.get('dfs.namenode.http-address'):
        http_port = _host_port(props['dfs.namenode.http-address'], DEFAULT_HTTP_PORT)[1]
    return {'http': [(host, http_port)], 'rpc': [(host, rpc_port)]}


class WebHdfsClient(object):
    """The few WebHDFS calls the collection makes, as one user.

    ``addresses`` maps host names to the addresses to connect to (the
    inventory's, for names the host cannot resolve yet). A NameNode that
    answers as standby is skipped for the next one.
    """

    def __init__(self, namenodes, user, timeout=10, addresses=None):
        self.namenodes = list(namenodes)
        self.user = user
        self.timeout = timeout
        self.addresses = addresses or {}

    def _send(self, method, host, port, target, body=None):
        connect_to = self.addresses.get(host, host)
        conn = http.client.HTTPConnection(connect_to, port, timeout=self.timeout)
        try:
            headers = {'Host': '%s:%d' % (host, port)}
            if body is not None:
                headers['Content-Type'] = 'application/octet-stream'
            conn.request(method, target, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.getheader('Location'), resp.read()
        finally:
            conn.close()

    def call(self, method, path, op, body=None, raw=False, **params):
        """Run ``op`` on ``path``; the decoded JSON answer (the bytes with ``raw``), or None when empty."""
        query = dict(params, op=op, **{'user.name': self.user})
        target = '/webhdfs/v1%s?%s' % (quote(path), urlencode(sorted(query.items())))
        errors = []
        for host, port in self.namenodes:
            where = 'http://%s:%d' % (host, port)
            try:
                status, location, data = self._send(method, host, port, target,
                                                    None if body is None else b'')
                if status == 307 and location:
                    # CREATE and OPEN answer with the DataNode to send the bytes to or read them from.
                    url = urlsplit(location)
                    where = '%s (DataNode of %s)' % (url.netloc, where)
                    status, location, data = self._send(
                        method, url.hostname, url.port or 80,
                        url.path + ('?' + url.query if url.query else ''), body)
            except (socket.error, http.client.HTTPException, ValueError) as exc:
                errors.append('%s: %s' % (where, exc))
                continue
            answer = _decode(data)
            if 200 <= status < 300:
                return data if raw else answer
            remote = (answer or {}).get('RemoteException', {}) if isinstance(answer, dict) else {}
            if remote.get('exception') == 'StandbyException':
                errors.append('%s: standby NameNode' % where)
                continue
            raise WebHdfsError('%s %s at %s as %s: HTTP %d %s: %s' % (
                op, path, where, self.user, status, remote.get('exception', ''),
                remote.get('message', (data or b'').decode('utf-8', 'replace')[:300])))
        raise WebHdfsError('%s %s as %s: no NameNode answered (%s)' % (op, path, self.user, '; '.join(errors)))

    def _get_existing(self, path, op):
        """The answer of a GET ``op`` on ``path``, or None when ``path`` does not exist."""
        try:
            return self.call('GET', path, op)
        except WebHdfsError as exc:
            if 'FileNotFoundException' in str(exc):
                return None
            raise

    def list_status(self, path):
        """The entries of a directory, or None when ``path`` does not exist."""
        answer = self._get_existing(path, 'LISTSTATUS')
        return None if answer is None else answer['FileStatuses']['FileStatus']

    def file_status(self, path):
        """The status of ``path`` (type, length, owner...), or None when it does not exist."""
        answer = self._get_existing(path, 'GETFILESTATUS')
        return None if answer is None else answer['FileStatus']

    def read_head(self, path, length=1):
        """The first ``length`` bytes of file ``path`` (from its DataNode)."""
        return self.call('GET', path, 'OPEN', raw=True, offset=0, length=length) or b''

    def mkdirs(self, path):
        answer = self.call('PUT', path, 'MKDIRS')
        if not (answer or {}).get('boolean'):
            raise WebHdfsError('MKDIRS %s as %s: the NameNode answered false' % (path, self.user))

    def create(self, path, data):
        self.call('PUT', path, 'CREATE', body=data, overwrite='true')

    def delete(self, path, recursive=False):
        self.call('DELETE', path, 'DELETE', recursive='true' if recursive else 'false')


def _decode(data):
    if not data:
        return None
    try:
        return json.loads(data.decode('utf-8'))
    except ValueError:
        return None


def journal_state(client, path):
    """``(state, evidence)`` of a UFS journal folder on HDFS.

    state is ``absent``, ``empty``, ``formatted`` (an Alluxio ``_format_``
    marker) or ``data`` (entries but no marker: treated as in use).
    """
    top = client.list_status(path)
    if top is None:
        return 'absent', '%s does not exist' % path
    if not top:
        return 'empty', '%s is an empty directory' % path
    # A write probe of another master (write_probe) is not journal data.
    names = sorted(entry['pathSuffix'] for entry in top if not entry['pathSuffix'].startswith(PROBE_PREFIX))
    if not names:
        return 'empty', '%s holds nothing but write probes' % path
    for name in names:
        if name.startswith(FORMAT_PREFIX):
            return 'formatted', '%s holds the format marker %s (1.x layout)' % (path, name)
    if 'FileSystemMaster' in names:
        inner = client.list_status(path + '/FileSystemMaster/v1') or []
        for entry in inner:
            if entry['pathSuffix'].startswith(FORMAT_PREFIX):
                return 'formatted', '%s is formatted (marker FileSystemMaster/v1/%s)' % (path, entry['pathSuffix'])
    return 'data', '%s holds %s but no format marker; treated as a journal in use' % (path, ', '.join(names[:5]))


def readable_file(client, path):
    """Raise WebHdfsError unless ``path`` is a non-empty file the client's user can read."""
    status = client.file_status(path)
    if status is None:
        raise WebHdfsError('%s does not exist' % path)
    if status.get('type') != 'FILE':
        raise WebHdfsError('%s is a %s, not a file' % (path, str(status.get('type', '?')).lower()))
    if not status.get('length'):
        raise WebHdfsError('%s is empty' % path)
    if not client.read_head(path, 1):
        raise WebHdfsError('OPEN %s as %s: no data came back' % (path, client.user))
    return ['status', 'read']


def write_probe(client, folder, tag):
    """Make, write, list and delete ``.datalake-probe-<tag>`` as the client's user.

    In ``folder``, or, while it does not exist, in its nearest existing parent
    (where Alluxio would create it): nothing is left behind, and probes of
    several hosts never meet. Returns the steps done; raises WebHdfsError
    naming the step that failed.
    """
    where = folder.rstrip('/') or '/'
    while client.list_status(where) is None and where != '/':
        where = where.rsplit('/', 1)[0] or '/'
    probe = '%s/%s%s' % (where.rstrip('/'), PROBE_PREFIX, tag)
    steps = []
    try:
        client.mkdirs(probe)
        steps.append('mkdir')
        client.create(probe + '/write-test', b'datalake.alluxio write probe\n')
        steps.append('write')
        listed = client.list_status(probe) or []
        if 'write-test' not in [entry['pathSuffix'] for entry in listed]:
            raise WebHdfsError('LISTSTATUS %s as %s: the file just written is not listed' % (probe, client.user))
        steps.append('list')
    finally:
        if steps:
            client.delete(probe, recursive=True)
            steps.append('delete')
    return steps
