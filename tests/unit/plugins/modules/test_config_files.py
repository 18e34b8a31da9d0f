# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""config_files: one call writes several files; secrets stay out of output and diff."""

from __future__ import annotations

import json
import os
import stat

from ansible_collections.datalake.alluxio.plugins.modules import config_files

SECRET = 's3a.secretKey=CANARY-do-not-leak'


def mode_of(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_writes_new_files_with_their_mode_and_reports_them(run_module, tmp_path):
    site, hosts = str(tmp_path / 'alluxio-site.properties'), str(tmp_path / 'masters')
    failed, result = run_module(config_files.main, {
        'files': [{'path': site, 'mode': '0640'}, {'path': hosts, 'content': 'master1\n', 'mode': '0644'}],
        'secret_contents': {site: SECRET + '\n'},
    })
    assert not failed, result
    assert result['changed'] and result['changed_paths'] == [site, hosts]
    assert open(site).read() == SECRET + '\n' and mode_of(site) == 0o640
    assert open(hosts).read() == 'master1\n' and mode_of(hosts) == 0o644
    assert [f['content_changed'] for f in result['files']] == [True, True]
    assert not [name for name in os.listdir(tmp_path) if name.startswith('.')], 'temporary file left behind'


def test_second_run_changes_nothing_and_keeps_the_mtime(run_module, tmp_path):
    path = str(tmp_path / 'zoo.cfg')
    args = {'files': [{'path': path, 'content': 'tickTime=2000\n', 'mode': '0644'}]}
    assert not run_module(config_files.main, args)[0]
    os.utime(path, (1000, 1000))
    failed, result = run_module(config_files.main, args)
    assert not failed and not result['changed'] and result['changed_paths'] == []
    assert os.stat(path).st_mtime == 1000


def test_only_the_mode_is_fixed_in_place(run_module, tmp_path):
    path = tmp_path / 'workers'
    path.write_text('worker1\n')
    os.chmod(path, 0o600)
    os.utime(path, (1000, 1000))
    failed, result = run_module(config_files.main, {'files': [{'path': str(path), 'content': 'worker1\n',
                                                               'mode': '0644'}]})
    assert not failed and result['changed'] and not result['files'][0]['content_changed']
    assert mode_of(path) == 0o644 and os.stat(path).st_mtime == 1000


def test_check_mode_reports_and_writes_nothing(run_module, tmp_path):
    path = tmp_path / 'alluxio-env.sh'
    path.write_text('old\n')
    failed, result = run_module(config_files.main, {'files': [{'path': str(path), 'content': 'new\n'}],
                                                    '_ansible_diff': True}, check_mode=True)
    assert not failed and result['changed']
    assert path.read_text() == 'old\n'
    assert result['diff'] == [{'before_header': str(path), 'after_header': str(path),
                               'before': 'old\n', 'after': 'new\n'}]


def test_check_mode_counts_a_missing_owner_or_directory_as_a_change(run_module, tmp_path):
    path = str(tmp_path / 'missing-dir' / 'zoo.cfg')
    failed, result = run_module(config_files.main, {
        'files': [{'path': path, 'content': 'x\n', 'owner': 'no-such-user-here'}]}, check_mode=True)
    assert not failed and result['changed_paths'] == [path]
    failed, result = run_module(config_files.main, {'files': [{'path': path, 'content': 'x\n'}]})
    assert failed and 'does not exist' in result['msg'] and path in result['msg']


def test_an_unknown_owner_fails_naming_file_and_owner(run_module, tmp_path):
    path = str(tmp_path / 'zoo.cfg')
    failed, result = run_module(config_files.main, {'files': [{'path': path, 'content': 'x\n',
                                                               'owner': 'no-such-user-here'}]})
    assert failed
    assert path in result['msg'] and "'no-such-user-here' does not exist" in result['msg']
    assert not os.path.exists(path)


def test_a_secret_never_appears_in_the_output_or_the_diff(run_module, tmp_path, capsys):
    path = tmp_path / 'alluxio-site.properties'
    path.write_text('old=1\n')
    failed, result = run_module(config_files.main, {
        'files': [{'path': str(path), 'mode': '0640'}],
        'secret_contents': {str(path): SECRET + '\n'},
        '_ansible_diff': True,
    })
    assert not failed, result
    assert 'CANARY' not in json.dumps(result)
    assert result['diff'][0]['after'] == config_files.SECRET_DIFF_AFTER
    assert 'old=1' not in json.dumps(result['diff'])
    assert path.read_text() == SECRET + '\n'


def test_a_symlink_is_replaced_not_written_through(run_module, tmp_path):
    target = tmp_path / 'elsewhere'
    target.write_text('9\n')
    link = tmp_path / 'myid'
    os.symlink(target, link)
    failed, result = run_module(config_files.main, {'files': [{'path': str(link), 'content': '1\n'}]})
    assert not failed and result['changed']
    assert not os.path.islink(link) and link.read_text() == '1\n'
    assert target.read_text() == '9\n'


def test_bad_arguments_are_refused_together(run_module, tmp_path):
    a, b = str(tmp_path / 'a'), str(tmp_path / 'b')
    failed, result = run_module(config_files.main, {
        'files': [{'path': a}, {'path': b, 'content': 'x', 'mode': 'u+rw'}],
        'secret_contents': {str(tmp_path / 'c'): 'x'},
    })
    assert failed
    assert 'a: give its content' in result['msg'] and 'secret_contents names a path' in result['msg']
    failed, result = run_module(config_files.main, {'files': [{'path': b, 'content': 'x', 'mode': 'u+rw'}]})
    assert failed and 'not an octal mode' in result['msg']


def test_checksum_is_that_of_the_new_content_also_in_check_mode(run_module, tmp_path):
    path = str(tmp_path / 'f')
    checked = run_module(config_files.main, {'files': [{'path': path, 'content': 'abc'}]}, check_mode=True)[1]
    written = run_module(config_files.main, {'files': [{'path': path, 'content': 'abc'}]})[1]
    assert checked['files'][0]['checksum'] == written['files'][0]['checksum'] == \
        'a9993e364706816aba3e25717850c26c9cd0d89d'
