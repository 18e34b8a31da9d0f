# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_format decisions that run no command: probe, check mode, refusals."""

from __future__ import annotations

import errno
import os

from ansible_collections.datalake.alluxio.plugins.modules.alluxio_format import main


def marker(folder):
    path = os.path.join(folder, 'FileSystemMaster', 'v1')
    os.makedirs(path)
    open(os.path.join(path, '_format_1700000000000'), 'w').close()


def test_formatted_ufs_journal_is_left_alone(dist, run_module, tmp_path):
    journal = str(tmp_path / 'journal')
    marker(journal)
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': journal})
    failed, result = run_module(main, {'alluxio_home': dist.home})
    assert not failed, result
    assert result['changed'] is False
    assert result['cmd'] == []
    assert result['journal_folder'] == journal
    assert result['journal_type'] == 'UFS'
    assert result['version'] == '2.9.6'
    assert 'nothing to do' in result['reason']


def test_default_journal_is_embedded_under_work_dir(dist, run_module):
    failed, result = run_module(main, {'alluxio_home': dist.home}, check_mode=True)
    assert not failed, result
    assert result['journal_folder'] == os.path.join(dist.home, 'journal')
    assert result['journal_type'] == 'EMBEDDED'
    assert result['changed'] is True
    assert result['cmd'] == [os.path.join(dist.home, 'bin', 'alluxio'), 'formatJournal']
    assert result['reason'].startswith('would format')


def test_1x_defaults_use_format_and_ufs(dist, run_module, tmp_path):
    with open(os.path.join(dist.home, 'libexec', 'alluxio-config.sh'), 'w') as handle:
        handle.write('VERSION=1.2.0\n')
    failed, result = run_module(main, {'alluxio_home': dist.home}, check_mode=True)
    assert not failed, result
    assert result['journal_type'] == 'UFS'
    assert result['journal_folder'] == os.path.join(dist.home, 'journal/')
    assert result['cmd'][-1] == 'format'


def test_master_java_opts_are_not_what_formatjournal_formats(dist, run_module, tmp_path):
    # bin/alluxio formatJournal runs with ALLUXIO_USER_JAVA_OPTS, so a folder set only in
    # the master's options is not the one the real command formats.
    site_journal, master_journal = str(tmp_path / 'site'), str(tmp_path / 'master')
    marker(master_journal)
    dist.site({'alluxio.master.journal.folder': site_journal, 'alluxio.master.journal.type': 'UFS'})
    dist.env('ALLUXIO_MASTER_JAVA_OPTS="-Dalluxio.master.journal.folder=%s"\n' % master_journal)
    failed, result = run_module(main, {'alluxio_home': dist.home}, check_mode=True)
    assert not failed, result
    assert result['journal_folder'] == site_journal
    assert result['changed'] is True
    assert master_journal in result['config_mismatch'] and 'ALLUXIO_USER_JAVA_OPTS' in result['config_mismatch']


def test_user_and_common_java_opts_beat_site_file(dist, run_module, tmp_path):
    site_journal, env_journal = str(tmp_path / 'site'), str(tmp_path / 'env')
    marker(env_journal)
    dist.site({'alluxio.master.journal.folder': site_journal, 'alluxio.master.journal.type': 'UFS'})
    for name in ('ALLUXIO_JAVA_OPTS', 'ALLUXIO_USER_JAVA_OPTS'):
        dist.env('%s="-Dalluxio.master.journal.folder=%s"\n' % (name, env_journal))
        failed, result = run_module(main, {'alluxio_home': dist.home})
        assert not failed, result
        assert result['journal_folder'] == env_journal, name
        assert result['changed'] is False
        if name == 'ALLUXIO_JAVA_OPTS':
            assert result['config_mismatch'] is None, result
        else:
            # The master itself still reads the site file's folder.
            assert site_journal in result['config_mismatch'], result


def test_worker_java_opts_tier_path_is_not_formatted(dist, run_module, tmp_path):
    mem, other = tmp_path / 'shm', tmp_path / 'worker-only'
    os.makedirs(mem / 'alluxioworker')
    dist.site({'alluxio.worker.tieredstore.level0.dirs.path': str(mem)})
    dist.env('ALLUXIO_WORKER_JAVA_OPTS="-Dalluxio.worker.tieredstore.level0.dirs.path=%s"\n' % other)
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target': 'worker'})
    assert not failed, result
    assert result['worker_dirs'] == [str(mem / 'alluxioworker')]
    assert result['changed'] is False
    assert str(other) in result['config_mismatch'], result


def test_work_dir_substitution(dist, run_module, tmp_path):
    dist.site({'alluxio.work.dir': str(tmp_path / 'work'), 'alluxio.master.journal.type': 'UFS'})
    failed, result = run_module(main, {'alluxio_home': dist.home}, check_mode=True)
    assert not failed, result
    assert result['journal_folder'] == str(tmp_path / 'work' / 'journal')


def test_force_in_check_mode_predicts_a_change(dist, run_module, tmp_path):
    journal = str(tmp_path / 'journal')
    marker(journal)
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': journal})
    failed, result = run_module(main, {'alluxio_home': dist.home, 'force': True,
                                       'backup_dir': str(tmp_path / 'b')}, check_mode=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['backup_path'] is None
    assert not os.path.exists(tmp_path / 'b')


def test_remote_journal_needs_force(dist, run_module):
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': 'hdfs://nn:8020/journal'})
    failed, result = run_module(main, {'alluxio_home': dist.home})
    assert failed
    assert 'not on the local file system' in result['msg']
    assert 'force=true' in result['msg']


def test_remote_journal_cannot_be_backed_up(dist, run_module, tmp_path):
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': 's3://b/j'})
    failed, result = run_module(main, {'alluxio_home': dist.home, 'force': True, 'backup_dir': str(tmp_path)})
    assert failed
    assert 'backup_dir' in result['msg']


def test_worker_storage(dist, run_module, tmp_path):
    mem = tmp_path / 'shm'
    os.makedirs(mem / 'alluxioworker')
    dist.site({'alluxio.worker.tieredstore.level0.dirs.path': str(mem)})
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target': 'worker'})
    assert not failed, result
    assert result['changed'] is False
    assert result['worker_dirs'] == [str(mem / 'alluxioworker')]
    dist.env('ALLUXIO_RAM_FOLDER=%s\n' % (tmp_path / 'other'))
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target': 'worker'}, check_mode=True)
    assert not failed, result
    assert result['changed'] is True
    assert result['cmd'][-1] == 'formatWorker'


def test_missing_distribution_is_named(run_module, tmp_path):
    failed, result = run_module(main, {'alluxio_home': str(tmp_path / 'none')})
    assert failed
    assert 'alluxio_home=%s' % (tmp_path / 'none') in result['msg']


def test_refuses_while_a_master_runs_even_in_check_mode(dist, run_module, proc, tmp_path):
    proc.java(777, 'alluxio.master.AlluxioMaster')
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': str(tmp_path / 'j')})
    for check_mode in (True, False):
        failed, result = run_module(main, {'alluxio_home': dist.home}, check_mode=check_mode)
        assert failed
        assert 'alluxio.master.AlluxioMaster (pid 777)' in result['msg']
        assert 'state=stopped' in result['msg']


def test_a_running_master_does_not_matter_when_already_formatted(dist, run_module, proc, tmp_path):
    proc.java(777, 'alluxio.master.AlluxioMaster')
    marker(str(tmp_path / 'j'))
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': str(tmp_path / 'j')})
    failed, result = run_module(main, {'alluxio_home': dist.home})
    assert not failed, result
    assert result['changed'] is False


def test_worker_format_refuses_while_a_worker_runs(dist, run_module, proc, tmp_path):
    proc.java(888, 'alluxio.worker.AlluxioWorker')
    dist.site({'alluxio.worker.tieredstore.level0.dirs.path': str(tmp_path / 'shm')})
    failed, result = run_module(main, {'alluxio_home': dist.home, 'target': 'worker'})
    assert failed
    assert 'worker storage' in result['msg'] and 'pid 888' in result['msg']


def test_an_unreadable_journal_is_never_formatted(dist, run_module, tmp_path, monkeypatch):
    journal = str(tmp_path / 'journal')
    os.makedirs(journal)
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': journal})
    real = os.listdir

    def stale(path):
        if str(path) == journal:
            raise OSError(errno.ESTALE, os.strerror(errno.ESTALE), journal)
        return real(path)

    monkeypatch.setattr(os, 'listdir', stale)
    failed, result = run_module(main, {'alluxio_home': dist.home, 'force': False})
    assert failed
    assert result['msg'].startswith('Refusing to format: cannot read %s' % journal)
    assert result['cmd'] == [] and result['changed'] is False


def test_a_shared_journal_on_no_mount_is_refused_even_forced(dist, run_module, tmp_path):
    # tmp_path is on the root file system or on a mount; a path beside / is on none.
    journal = '/datalake-alluxio-not-mounted/journal'
    dist.site({'alluxio.master.journal.type': 'UFS', 'alluxio.master.journal.folder': journal})
    failed, result = run_module(main, {'alluxio_home': dist.home, 'force': True, 'journal_shared': True})
    assert failed
    assert 'is on no mounted file system' in result['msg'] and 'journal_shared is true' in result['msg']
    assert result['cmd'] == []
    assert not os.path.exists('/datalake-alluxio-not-mounted')
