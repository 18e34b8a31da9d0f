# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The sandbox directives of the ZooKeeper and Alluxio units (module_utils/systemd_sandbox.py, filter systemd_sandbox)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter.systemd import systemd_sandbox
from ansible_collections.datalake.alluxio.plugins.module_utils.systemd_sandbox import path_problem, sandbox_directives


def _directives(lines):
    return dict(line.split('=', 1) for line in lines)


def test_writable_required_optional_prefixed_and_deduplicated():
    lines = sandbox_directives(['/var/lib/alluxio', '/var/log/alluxio', '/var/lib/alluxio'],
                               ['/srv/dumps', '/var/log/alluxio'])
    assert _directives(lines)['ReadWritePaths'] == '/var/lib/alluxio /var/log/alluxio -/srv/dumps'


def test_the_whole_sandbox_in_order():
    lines = sandbox_directives(['/var/lib/zookeeper'])
    assert lines[:6] == ['UMask=0027', 'NoNewPrivileges=yes', 'CapabilityBoundingSet=', 'ProtectSystem=strict',
                         'ReadWritePaths=/var/lib/zookeeper', 'ProtectHome=yes']
    directives = _directives(lines)
    assert directives['PrivateDevices'] == 'yes' and directives['PrivateTmp'] == 'yes'
    assert directives['RestrictAddressFamilies'] == 'AF_INET AF_INET6 AF_UNIX'
    # The JIT writes code it then runs.
    assert 'MemoryDenyWriteExecute' not in directives


@pytest.mark.parametrize('paths, optional', [(['/home/alluxio/tier'], []), (['/var/lib/a'], ['/root/dumps']),
                                             (['/run/user/1000/x'], [])])
def test_a_home_among_the_paths_makes_homes_read_only(paths, optional):
    assert _directives(sandbox_directives(paths, optional))['ProtectHome'] == 'read-only'


def test_a_home_prefix_is_not_a_home():
    assert _directives(sandbox_directives(['/homes/data']))['ProtectHome'] == 'yes'


@pytest.mark.parametrize('path, reason', [
    ('var/lib/alluxio', 'absolute path'), ('/srv/my dir', 'splits on spaces'), ('/srv/%n', 'specifiers'),
    ('/srv/a\nExecStartPre=+/bin/sh', 'absolute path'), ('/srv/"a"', 'absolute path'), ('/srv/a\\b', 'absolute path'),
    ('/srv//a', 'normalised'), ('/srv/../etc', 'normalised'), ('/srv/a/', 'normalised'), ('/', 'normalised'),
    ('', 'absolute path'), (None, 'absolute path'),
])
def test_paths_systemd_would_read_differently_are_refused(path, reason):
    assert reason in path_problem(path)
    with pytest.raises(ValueError, match=reason.replace('%', '%%')[:8]):
        sandbox_directives(['/var/lib/alluxio'], [path])


def test_nothing_writable_and_a_bad_umask_are_refused():
    with pytest.raises(ValueError, match='at least one'):
        sandbox_directives([])
    with pytest.raises(ValueError, match='four octal digits'):
        sandbox_directives(['/var/lib/a'], [], '027')


def test_the_filter_names_itself_and_its_input():
    assert 'ReadWritePaths=/var/lib/a -/srv/b' in systemd_sandbox(['/var/lib/a'], ['/srv/b'])
    with pytest.raises(AnsibleFilterError, match='^systemd_sandbox: expected a list of writable directories'):
        systemd_sandbox('/var/lib/a')
    with pytest.raises(AnsibleFilterError, match="^systemd_sandbox: '/srv/my dir'"):
        systemd_sandbox(['/srv/my dir'])
