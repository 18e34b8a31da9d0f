# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""module_utils/alluxio_storage.py: storage checks and the remote-format decision."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_storage as storage

J = 'hdfs://server03:8020/alluxio/journal'
UFS = 'hdfs://server03:8020/alluxio_another/'
SITE = '<configuration><property><name>dfs.replication</name><value>3</value></property></configuration>'
CONF = {'core-site.xml': '<configuration/>', 'hdfs-site.xml': SITE}
REGEX = r'(?i)^fs\.azure\.account\.key\.|secret|password'


def test_hdfs_without_hadoop_conf_is_refused():
    problems = storage.storage_problems(J, UFS, {}, '', 'zookeeper')
    assert len(problems) == 1
    assert 'alluxio_journal_folder and alluxio_root_ufs are on HDFS' in problems[0]
    assert 'core-site.xml, hdfs-site.xml' in problems[0]


def test_good_hdfs_settings_pass():
    assert storage.storage_problems(J, UFS, CONF, J, 'zookeeper') == []
    assert storage.storage_problems('/var/lib/alluxio/journal', '/data', {}, '', 'single') == []


def test_unparseable_hadoop_file_is_refused():
    problems = storage.storage_problems(J, UFS, dict(CONF, **{'hdfs-site.xml': '<configuration>'}), '', 'zookeeper')
    assert problems and 'alluxio_hadoop_conf["hdfs-site.xml"]' in problems[0]


@pytest.mark.parametrize('opt_in', [True, 'true', 'True', 'yes'])
def test_bare_true_opt_in_is_refused_with_the_uri(opt_in):
    problems = storage.storage_problems(J, UFS, CONF, opt_in, 'zookeeper')
    assert len(problems) == 1
    assert 'alluxio_ha_format_remote_journal: %s' % J in problems[0]


@pytest.mark.parametrize('opt_in', [False, 'false', '', None])
def test_no_opt_in_is_fine(opt_in):
    assert storage.storage_problems(J, UFS, CONF, opt_in, 'zookeeper') == []


def test_object_store_journal_is_refused():
    problems = storage.storage_problems('s3://bucket/journal', UFS, CONF, '', 'zookeeper')
    assert problems and 'must be on HDFS' in problems[0]


@pytest.mark.parametrize('state', ['formatted', 'data'])
def test_journal_in_use_is_kept_whatever_the_opt_in(state):
    decision = storage.remote_format_decision({'state': state, 'evidence': 'x'}, J, J, [])
    assert decision['action'] == 'keep'


@pytest.mark.parametrize('state', ['absent', 'empty'])
def test_empty_journal_is_formatted_only_when_named(state):
    journal = {'state': state, 'evidence': '%s is empty' % J}
    assert storage.remote_format_decision(journal, J, J, [])['action'] == 'format'
    refused = storage.remote_format_decision(journal, 'true', J, [])
    assert refused['action'] == 'refuse' and 'alluxio_ha_format_remote_journal: %s' % J in refused['reason']
    other = storage.remote_format_decision(journal, 'hdfs://other:8020/j', J, [])
    assert other['action'] == 'refuse'


def test_never_formatted_while_a_master_runs():
    decision = storage.remote_format_decision({'state': 'empty', 'evidence': 'e'}, J, J, ['m2'])
    assert decision['action'] == 'refuse' and 'm2' in decision['reason']


def test_unread_journal_is_refused():
    assert storage.remote_format_decision(None, J, J, [])['action'] == 'refuse'


def test_hadoop_files_core_site_first_and_secrets_apart():
    conf = dict(CONF, **{'a-site.xml': '<configuration><property><name>fs.s3a.secret.key</name>'
                                       '<value>s3cr3t</value></property></configuration>',
                         'b-site.xml': '<configuration><property><name>fs.azure.account.key.acct.blob.core.windows.net'
                                       '</name><value>k</value></property></configuration>'})
    files = storage.hadoop_conf_files(conf, '/opt/alluxio/conf/', [], REGEX)
    assert files['paths'] == ['/opt/alluxio/conf/core-site.xml', '/opt/alluxio/conf/a-site.xml',
                              '/opt/alluxio/conf/b-site.xml', '/opt/alluxio/conf/hdfs-site.xml']
    assert sorted(files['secret_contents']) == ['/opt/alluxio/conf/a-site.xml', '/opt/alluxio/conf/b-site.xml']
    shown = {f['path']: f['content'] for f in files['files']}
    assert shown['/opt/alluxio/conf/a-site.xml'] is None
    assert shown['/opt/alluxio/conf/hdfs-site.xml'] == SITE


@pytest.mark.parametrize('uri', [
    'hdfs://lc-hdfs1:8020/alluxio_backups/alluxio-backup-2026-12-06-1733472000000.gz',
    'hdfs://nameservice1/alluxio_backups/alluxio-backup-1.gz',
    'file:///var/backups/alluxio/alluxio-backup-1.gz',
    '/var/backups/alluxio/alluxio-backup-1.gz',
])
def test_backup_uri_accepted(uri):
    assert storage.backup_uri_problem(uri) is None


@pytest.mark.parametrize('uri', [
    None, '', '   ',
    'hdfs://nn:8020/b/x.gz\nExecStartPre=+/tmp/payload',
    'hdfs://nn:8020/b/x.gz"',
    ' /b/x.gz',
    '/b/%h.gz',
    '/b/$HOME.gz',
    '/b/x.gz;id',
    'relative/x.gz',
    '/b/../etc/shadow',
    's3://bucket/x.gz',
    'hdfs:///x.gz',
])
def test_backup_uri_refused(uri):
    problem = storage.backup_uri_problem(uri)
    assert problem and problem.startswith('alluxio_restore_uri is')
