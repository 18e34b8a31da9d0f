# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Pure logic of module_utils/webhdfs.py; the HTTP client meets a real NameNode in molecule/lifecycle."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils import webhdfs

HDFS_SITE = """<?xml version="1.0"?>
<configuration>
  <property><name>dfs.nameservices</name><value>ns1</value></property>
  <property><name>dfs.ha.namenodes.ns1</name><value>nn1,nn2</value></property>
  <property><name>dfs.namenode.rpc-address.ns1.nn1</name><value>nna:8020</value></property>
  <property><name>dfs.namenode.rpc-address.ns1.nn2</name><value>nnb:8020</value></property>
  <property><name>dfs.namenode.http-address.ns1.nn1</name><value>nna:9870</value></property>
  <property><name>dfs.namenode.http-address.ns1.nn2</name><value>nnb:9871</value></property>
  <property><name>dfs.replication</name><value>2</value></property>
</configuration>
"""


class FakeHdfs:
    """A directory tree answering the calls journal_state and write_probe make."""

    def __init__(self, paths=(), fail_on=None):
        self.user = 'alluxio'
        self.dirs = {'/'}
        self.files = set()
        self.fail_on = fail_on
        self.made = []
        for path in paths:
            if path.endswith('/'):
                self.mkdirs(path.rstrip('/'))
            else:
                self.mkdirs(path.rsplit('/', 1)[0])
                self.files.add(path)
        self.made = []

    def _fail(self, op):
        if self.fail_on == op:
            raise webhdfs.WebHdfsError('%s refused: Permission denied' % op)

    def list_status(self, path):
        self._fail('list')
        if path not in self.dirs:
            return None
        children = set()
        for entry in self.dirs | self.files:
            if entry != path and entry.rsplit('/', 1)[0] == path.rstrip('/') and entry != '/':
                children.add(entry.rsplit('/', 1)[1])
        return [{'pathSuffix': name} for name in sorted(children)]

    def mkdirs(self, path):
        self._fail('mkdir')
        self.made.append(path)
        parts = path.strip('/').split('/')
        for i in range(1, len(parts) + 1):
            self.dirs.add('/' + '/'.join(parts[:i]))

    def create(self, path, data):
        self._fail('write')
        self.files.add(path)

    def file_status(self, path):
        self._fail('status')
        if path in self.files:
            return {'type': 'FILE', 'length': 0 if path.endswith('.empty') else 10}
        return {'type': 'DIRECTORY', 'length': 0} if path in self.dirs else None

    def read_head(self, path, length=1):
        self._fail('read')
        return b'x'[:length]

    def delete(self, path, recursive=False):
        self._fail('delete')
        self.dirs = {d for d in self.dirs if d != path and not d.startswith(path + '/')}
        self.files = {f for f in self.files if not f.startswith(path + '/')}


def test_properties_of_a_site_file():
    props = webhdfs.hadoop_xml_properties(HDFS_SITE)
    assert props['dfs.replication'] == '2'
    with pytest.raises(ValueError, match='not well-formed'):
        webhdfs.hadoop_xml_properties('<configuration><property>')
    with pytest.raises(ValueError, match='not <configuration>'):
        webhdfs.hadoop_xml_properties('<conf/>')


@pytest.mark.parametrize('uri, expected', [
    ('hdfs://nn:8020/alluxio/journal/', ('nn:8020', '/alluxio/journal')),
    ('hdfs://nn/', ('nn', '/')),
    ('hdfs://nn', ('nn', '/')),
])
def test_split_hdfs_uri(uri, expected):
    assert webhdfs.split_hdfs_uri(uri) == expected


def test_split_refuses_other_schemes():
    with pytest.raises(ValueError):
        webhdfs.split_hdfs_uri('s3://bucket/x')


def test_namenode_of_a_plain_authority():
    assert webhdfs.namenode_addresses('server03:8020') == {'http': [('server03', 9870)], 'rpc': [('server03', 8020)]}
    site = {'dfs.namenode.http-address': '0.0.0.0:50070'}
    assert webhdfs.namenode_addresses('server03', site) == {'http': [('server03', 50070)], 'rpc': [('server03', 8020)]}


def test_namenodes_of_a_name_service():
    nodes = webhdfs.namenode_addresses('ns1', webhdfs.hadoop_xml_properties(HDFS_SITE))
    assert nodes == {'http': [('nna', 9870), ('nnb', 9871)], 'rpc': [('nna', 8020), ('nnb', 8020)]}


def test_name_service_without_its_namenodes_is_refused():
    with pytest.raises(ValueError, match='dfs.ha.namenodes.ns1'):
        webhdfs.namenode_addresses('ns1', {'dfs.nameservices': 'ns1'})


@pytest.mark.parametrize('paths, state', [
    ([], 'absent'),
    (['/j/'], 'empty'),
    (['/j/.datalake-probe-m2/'], 'empty'),
    (['/j/FileSystemMaster/v1/_format_1719878400000', '/j/FileSystemMaster/v1/logs/'], 'formatted'),
    (['/j/_format_1469000000000'], 'formatted'),
    (['/j/FileSystemMaster/v1/logs/0x0-0x1'], 'data'),
    (['/j/some-file'], 'data'),
])
def test_journal_state(paths, state):
    assert webhdfs.journal_state(FakeHdfs(paths), '/j')[0] == state


def test_journal_state_read_errors_are_raised_not_read_as_absent():
    with pytest.raises(webhdfs.WebHdfsError):
        webhdfs.journal_state(FakeHdfs(['/j/'], fail_on='list'), '/j')


def test_write_probe_leaves_nothing_behind():
    fs = FakeHdfs(['/ufs/data'])
    assert webhdfs.write_probe(fs, '/ufs', 'm1') == ['mkdir', 'write', 'list', 'delete']
    assert fs.files == {'/ufs/data'} and '/ufs' in fs.dirs
    fresh = FakeHdfs(['/alluxio/'])
    webhdfs.write_probe(fresh, '/alluxio/journal/', 'm1')
    assert '/alluxio/journal' not in fresh.dirs and '/alluxio' in fresh.dirs
    assert fresh.made == ['/alluxio/.datalake-probe-m1']


def test_write_probe_names_the_failing_step():
    fs = FakeHdfs(['/ufs/'], fail_on='write')
    with pytest.raises(webhdfs.WebHdfsError, match='write refused'):
        webhdfs.write_probe(fs, '/ufs', 'm1')


def test_readable_file():
    fake = FakeHdfs(['/backups/alluxio-backup-1.gz', '/backups/alluxio-backup-2.empty', '/backups/dir/'])
    assert webhdfs.readable_file(fake, '/backups/alluxio-backup-1.gz') == ['status', 'read']
    for path, message in (('/backups/nope.gz', 'does not exist'), ('/backups/dir', 'is a directory, not a file'),
                          ('/backups/alluxio-backup-2.empty', 'is empty')):
        with pytest.raises(webhdfs.WebHdfsError, match=message):
            webhdfs.readable_file(fake, path)
    with pytest.raises(webhdfs.WebHdfsError, match='Permission denied'):
        webhdfs.readable_file(FakeHdfs(['/b/x.gz'], fail_on='read'), '/b/x.gz')
