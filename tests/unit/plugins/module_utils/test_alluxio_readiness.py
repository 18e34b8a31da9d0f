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


# -- readiness from the primary's web API -----------------------------------

# 2026-12-07 01:13:34.131 UTC
ANSWERED = 1796606014.131


def masters_answer(standby_start='12-07-2026 01:12:13:626', lost=()):
    """A 2.9.6 primary's webui_masters answer (times in its zone, UTC here)."""
    return {
        'primaryMasterInfo': {'address': {'host': 'master1', 'rpcPort': 19998},
                              'startTime': '12-07-2026 01:11:59:197', 'lastUpdatedTime': '12-07-2026 01:13:34:131'},
        'standbyMasterInfos': [{'address': {'host': 'master2', 'rpcPort': 19998}, 'startTime': standby_start,
                                'lastUpdatedTime': '12-07-2026 01:12:16:912'}],
        'lostMasterInfos': [{'address': {'host': name, 'rpcPort': 19998}, 'startTime': 'N/A'} for name in lost],
    }


def test_master_time_reads_the_primarys_format():
    assert readiness.master_time('12-07-2026 01:13:34:131') == ANSWERED
    assert readiness.master_time('N/A') is None
    assert readiness.master_time(None) is None


def test_primary_zone_offset_is_whole_quarter_hours():
    assert readiness.primary_zone_offset(masters_answer(), ANSWERED + 2.5) == 0
    # The same answer from a primary five and a half hours ahead of UTC.
    assert readiness.primary_zone_offset(masters_answer(), ANSWERED - 19800 + 1) == 19800
    assert readiness.primary_zone_offset({}, ANSWERED) is None


def test_a_standby_counts_once_the_primary_lists_the_new_process():
    started = readiness.master_time('12-07-2026 01:12:13:000')
    role, why = readiness.master_standing(masters_answer(), 'master2', started, ANSWERED)
    assert role == 'standby' and 'master2 as standby' in why
    # The primary still lists the process that ran before this one.
    role, why = readiness.master_standing(masters_answer(), 'master2', started + 30, ANSWERED)
    assert role is None and 'before this process' in why


def test_the_primary_itself_leads():
    started = readiness.master_time('12-07-2026 01:11:58:900')
    assert readiness.master_standing(masters_answer(), 'master1', started, ANSWERED)[0] == 'leader'


def test_a_master_the_primary_does_not_list_or_counts_lost_is_not_ready():
    assert readiness.master_standing(masters_answer(), 'master3', 0, ANSWERED)[0] is None
    role, why = readiness.master_standing(masters_answer(lost=['master3']), 'master3', 0, ANSWERED)
    assert role is None and 'lost' in why


def test_standing_in_another_zone():
    """A primary in UTC+05:30 formats the same instants 5.5 hours later."""
    answer = masters_answer(standby_start='12-07-2026 06:42:13:626')
    answer['primaryMasterInfo']['lastUpdatedTime'] = '12-07-2026 06:43:34:131'
    started = readiness.master_time('12-07-2026 01:12:13:000')
    assert readiness.master_standing(answer, 'master2', started, ANSWERED)[0] == 'standby'
    assert readiness.master_standing(answer, 'master2', started + 5, ANSWERED)[0] is None


def info_answer(silent, lost=False):
    worker = {'address': {'host': 'worker1'}, 'lastContactSec': silent}
    return {'startTimeMs': 1796605919197, 'uptimeMs': int(ANSWERED * 1000) - 1796605919197,
            'workers': [] if lost else [worker], 'lostWorkers': [worker] if lost else []}


def test_a_worker_counts_once_the_primary_heard_from_the_new_process():
    assert readiness.worker_standing(info_answer(0), 'worker1', ANSWERED - 2, ANSWERED + 60)[0] == 'registered'
    # Heard 3 s before the answer, which may be 4: the process started 2 s before it.
    role, why = readiness.worker_standing(info_answer(3), 'worker1', ANSWERED - 2, ANSWERED)
    assert role is None and 'before this process started' in why


def test_a_lost_or_unlisted_worker_is_not_ready():
    assert 'lost' in readiness.worker_standing(info_answer(0, lost=True), 'worker1', 0, ANSWERED)[1]
    assert 'does not list' in readiness.worker_standing(info_answer(0), 'worker2', 0, ANSWERED)[1]


def test_the_answer_time_comes_from_the_primary():
    assert readiness.answered_at(info_answer(0), 5) == ANSWERED
    assert readiness.answered_at({}, 5) == 5
