# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Readiness signals read from Alluxio logs."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_readiness as readiness

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_readiness import (
    file_size,
    log_fatal,
    log_ready,
    master_role,
    read_since,
    tail,
)


LOG_29 = """\
2026-11-21 19:55:54,840 INFO  [main] AlluxioMasterProcess(AlluxioMasterProcess.java:216) - Starting leader selector.
2026-11-21 19:55:54,860 INFO  [main] AlluxioMasterProcess(AlluxioMasterProcess.java:229) - Started in stand-by mode.
"""
ELECTED_29 = \
    "2026-11-21 19:55:54,860 INFO  [main] AlluxioMasterProcess(AlluxioMasterProcess.java:292) - Becoming a leader.\n"
SERVING_29 = "2026-11-21 19:56:45,287 INFO  [main] AlluxioMasterProcess(AlluxioMasterProcess.java:240) - Primary started\n"
WORKER_29 = (
    "2026-11-21 19:57:42,915 INFO  [main] RegisterStreamer(RegisterStreamer.java:311) - Worker 2565961739949903581 - "
    "Finished registration with a stream\n")


def test_master_role_follows_the_29_election_sequence():
    assert master_role('') is None
    assert master_role(LOG_29) == 'standby'
    assert master_role(LOG_29 + ELECTED_29) == 'electing'
    assert master_role(LOG_29 + ELECTED_29 + SERVING_29) == 'leader'
    assert master_role(LOG_29 + ELECTED_29 + SERVING_29 + '... - Primary stopped\n') == 'electing'


def test_master_role_1x_wording():
    assert master_role('INFO FaultTolerantAlluxioMasterProcess - Secondary started') == 'standby'
    assert master_role('INFO ... - Secondary stopped\nINFO ... - Primary started') == 'leader'


def test_worker_registration_lines():
    assert log_ready('worker', WORKER_29) == 'registered with the leading master'
    assert log_ready('worker', 'INFO BlockMasterSync - Registered with master as worker 1') is not None
    assert log_ready('worker', 'INFO ProcessUtils - Starting Alluxio worker @w1:29999.') is None


def test_nothing_is_ready_for_empty_text_or_unknown_service():
    assert log_ready('worker', '') is None
    assert log_ready('nope', 'Primary started') is None
    assert log_ready('master', SERVING_29) is None  # masters go through master_role


def test_fatal_line():
    text = 'INFO ok\nERROR ProcessUtils - Uncaught exception while running Alluxio master, stopping it and ' \
           'exiting. Exception "java.net.BindException: Address already in use"\n'
    assert 'Address already in use' in log_fatal(text)
    assert log_fatal('INFO all good\n') is None


def test_read_since_and_rotation(tmp_path):
    log = tmp_path / 'master.log'
    log.write_text('old run: Primary started\n')
    offset = file_size(str(log))
    with open(log, 'a') as handle:
        handle.write('new run line\n')
    assert read_since(str(log), offset) == 'new run line\n'
    log.write_text('rotated\n')  # shorter than the offset: read everything
    assert read_since(str(log), offset) == 'rotated\n'
    assert read_since(str(tmp_path / 'missing.log'), 0) == ''


def test_tail(tmp_path):
    log = tmp_path / 'worker.log'
    log.write_text(''.join('line %d\n' % i for i in range(100)))
    assert tail(str(log), 3) == 'line 97\nline 98\nline 99'
    assert tail(str(tmp_path / 'missing.log')) == ''


def test_lines_since_time_keeps_the_new_process_only():
    import time as _time
    base = _time.mktime((2026, 12, 1, 17, 0, 0, 0, 0, -1))
    log = '\n'.join([
        '2026-12-01 16:59:50,000 INFO  [main] - Primary started',
        '2026-12-01 17:00:05,250 INFO  [main] - Starting Alluxio master.',
        'java.lang.Exception: trace line without a time',
        '2026-12-01 17:00:09,000 INFO  [main] - Started in stand-by mode.',
    ])
    fresh = readiness.lines_since_time(log, base + 5)
    assert fresh.splitlines() == log.splitlines()[1:]
    assert readiness.master_role(fresh) == 'standby'
    assert readiness.master_role(log) == 'standby'
    assert readiness.lines_since_time(log, base + 60) == ''
    assert readiness.log_line_epoch('no time here') is None
