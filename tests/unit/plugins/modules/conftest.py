# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Run a module's main() in-process on a distribution laid out in a temp dir.

Only the decisions that run no command are tested here (probing, check mode,
refusals); running the real scripts is the job of molecule/alluxio_modules.
"""

from __future__ import annotations

import json
import os

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_process


class Dist:
    """A minimal Alluxio layout: bin/alluxio (never executed here), libexec, conf."""

    def __init__(self, root, version='2.9.6'):
        self.home = str(root)
        for sub in ('bin', 'libexec', 'conf', 'logs'):
            os.makedirs(os.path.join(self.home, sub), exist_ok=True)
        for script in ('alluxio', 'alluxio-start.sh', 'alluxio-stop.sh'):
            path = os.path.join(self.home, 'bin', script)
            with open(path, 'w') as handle:
                handle.write('#!/bin/sh\necho "unit tests must not run the distribution" >&2\nexit 99\n')
            os.chmod(path, 0o755)
        with open(os.path.join(self.home, 'libexec', 'alluxio-config.sh'), 'w') as handle:
            handle.write('VERSION=%s\n' % version)
        self.site({})

    def site(self, props):
        with open(os.path.join(self.home, 'conf', 'alluxio-site.properties'), 'w') as handle:
            for key, value in props.items():
                handle.write('%s=%s\n' % (key, value))

    def env(self, text):
        with open(os.path.join(self.home, 'conf', 'alluxio-env.sh'), 'w') as handle:
            handle.write(text)


class FakeProc:
    """A /proc of our own: the host's real one shows every Alluxio JVM of the
    machine, containers included, which must not steer these tests."""

    def __init__(self, root):
        self.root = str(root)
        os.makedirs(self.root)

    def java(self, pid, main_class, started_ticks_ago=None):
        os.makedirs(os.path.join(self.root, str(pid)))
        cmdline = ['/opt/jdk/bin/java', '-Xmx384m', '-cp', '/opt/alluxio/conf/', main_class]
        with open(os.path.join(self.root, str(pid), 'cmdline'), 'wb') as handle:
            handle.write(('\0'.join(cmdline) + '\0').encode())
        if started_ticks_ago is not None:
            # Uptime 1000 s; the process started started_ticks_ago/100 s ago.
            with open(os.path.join(self.root, 'uptime'), 'w') as handle:
                handle.write('1000.00 1900.00\n')
            fields = ['S'] + ['0'] * 18 + [str(100000 - started_ticks_ago)] + ['0'] * 10
            with open(os.path.join(self.root, str(pid), 'stat'), 'w') as handle:
                handle.write('%d (java) %s\n' % (pid, ' '.join(fields)))


@pytest.fixture(autouse=True)
def proc(tmp_path, monkeypatch):
    fake = FakeProc(tmp_path / 'proc')
    monkeypatch.setattr(alluxio_process, 'PROC_ROOT', fake.root)
    return fake


@pytest.fixture
def dist(tmp_path):
    return Dist(tmp_path / 'alluxio')


@pytest.fixture
def run_module(capsys):
    """run_module(main, args, check_mode=False) -> (failed, result dict)."""

    def run(main, args, check_mode=False):
        args = dict(args)
        if check_mode:
            args['_ansible_check_mode'] = True
        with patch_module_args(args):
            with pytest.raises(SystemExit) as exc:
                main()
        result = json.loads(capsys.readouterr().out)
        return exc.value.code != 0, result

    return run
