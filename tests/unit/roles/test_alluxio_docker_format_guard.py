# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The image's format guard (roles/alluxio_docker/files/format-guard.py), run as a
process against temporary journals and a stand-in bin/alluxio that records calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
GUARD = os.path.join(REPO, 'roles', 'alluxio_docker', 'files', 'format-guard.py')
MODULE_UTILS = os.path.join(REPO, 'plugins', 'module_utils')


@pytest.fixture
def home(tmp_path):
    bin_dir = tmp_path / 'home' / 'bin'
    bin_dir.mkdir(parents=True)
    script = bin_dir / 'alluxio'
    # Stand-in formatJournal: records the call, then creates the folder as the real one does.
    script.write_text('#!/bin/sh\necho "$@" >> "%s"\nmkdir -p "$JOURNAL"\n' % (tmp_path / 'calls'))
    script.chmod(0o755)
    return tmp_path


def run(home, journal, journal_type='EMBEDDED', force=False):
    site = home / 'alluxio-site.properties'
    site.write_text('alluxio.master.journal.folder=%s\nalluxio.master.journal.type=%s\n' % (journal, journal_type))
    env = dict(os.environ, ALLUXIO_HOME=str(home / 'home'), ALLUXIO_SITE_PROPERTIES=str(site),
               PYTHONPATH=MODULE_UTILS, JOURNAL=str(journal), FORCE='1' if force else '')
    proc = subprocess.run([sys.executable, GUARD], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    calls = (home / 'calls').read_text().splitlines() if (home / 'calls').exists() else []
    return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1]), calls


def test_fresh_embedded_journal_is_formatted_once(home):
    journal = home / 'store' / 'journal'
    rc, out, calls = run(home, journal)
    assert rc == 0 and out['changed'] and calls == ['formatJournal']
    rc, out, calls = run(home, journal)
    assert rc == 0 and not out['changed'] and calls == ['formatJournal']
    assert 'nothing to do' in out['reason']


def test_raft_data_is_never_formatted_without_force(home):
    journal = home / 'journal'
    (journal / 'raft' / 'group').mkdir(parents=True)
    rc, out, calls = run(home, journal)
    assert rc == 0 and not out['changed'] and calls == [] and 'Raft data' in out['reason']
    rc, out, calls = run(home, journal, force=True)
    assert rc == 0 and out['changed'] and calls == ['formatJournal']


def test_ufs_journal_with_data_counts_as_in_use(home):
    journal = home / 'ufs'
    (journal / 'BlockMaster' / 'v1').mkdir(parents=True)
    (journal / 'BlockMaster' / 'v1' / 'log.1').write_text('x')
    rc, out, calls = run(home, journal, 'UFS')
    assert rc == 0 and not out['changed'] and calls == [] and 'in use' in out['reason']


def test_remote_journal_needs_force(home):
    rc, out, calls = run(home, 'hdfs://nn:8020/journal', 'UFS')
    assert rc == 2 and not out['changed'] and calls == []


@pytest.mark.parametrize('journal_type', ['UFS', 'EMBEDDED'])
def test_an_unreadable_journal_is_never_formatted(home, journal_type):
    # A file where the folder should be: anything but "absent" refuses.
    journal = home / 'journal'
    journal.write_text('not a folder')
    rc, out, calls = run(home, journal, journal_type)
    assert rc == 2 and not out['changed'] and calls == []
    assert out['reason'].startswith('refusing to format: cannot read %s' % journal)
