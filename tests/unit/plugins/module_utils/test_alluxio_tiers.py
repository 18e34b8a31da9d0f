# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""module_utils/alluxio_tiers.py: levels, their properties and their problems."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_tiers as tiers

TWO = [{'alias': 'MEM', 'paths': ['/mnt/ramdisk'], 'quotas': ['64MB']},
       {'alias': 'SSD', 'paths': ['/var/lib/alluxio-ssd/'], 'quotas': ['256MB'], 'high_watermark': 0.9,
        'low_watermark': 0.7}]


def test_default_is_the_runbooks_ramdisk():
    levels = tiers.effective_tiers([], '/mnt/ramdisk', '42933MB')
    assert tiers.tier_properties(levels) == {
        'alluxio.worker.tieredstore.levels': '1',
        'alluxio.worker.tieredstore.level0.alias': 'MEM',
        'alluxio.worker.tieredstore.level0.dirs.path': '/mnt/ramdisk',
        'alluxio.worker.tieredstore.level0.dirs.quota': '42933MB'}
    assert tiers.mem_mounts(levels) == [{'path': '/mnt/ramdisk', 'size': '42933MB'}]
    assert tiers.mem_mounts(tiers.effective_tiers([], '/dev/shm', '64MB')) == []


def test_small_quotas_of_several_levels_leave_no_room_for_the_reserve():
    levels = tiers.effective_tiers(TWO, None, None)
    problems = tiers.tier_problems(levels)
    assert len(problems) == 2 and 'alluxio.worker.management.tier.align.reserved.bytes' in problems[0]
    assert tiers.tier_problems(tiers.effective_tiers([], '/mnt/ramdisk', '64MB')) == []


def test_two_levels():
    levels = tiers.effective_tiers(TWO, None, None)
    props = tiers.tier_properties(levels)
    assert props['alluxio.worker.tieredstore.levels'] == '2'
    assert props['alluxio.worker.tieredstore.level1.alias'] == 'SSD'
    assert props['alluxio.worker.tieredstore.level1.dirs.path'] == '/var/lib/alluxio-ssd'
    assert props['alluxio.worker.tieredstore.level1.watermark.high.ratio'] == '0.9'
    assert 'alluxio.worker.tieredstore.level1.dirs.mediumtype' not in props
    assert tiers.tier_problems(levels, '4MB') == []
    assert tiers.mem_mounts(levels) == [{'path': '/mnt/ramdisk', 'size': '64MB'}]


def test_medium_types_when_they_differ_from_the_alias():
    levels = tiers.effective_tiers([{'alias': 'SSD', 'paths': ['/a', '/b'], 'quotas': ['1GB', '1GB'],
                                     'mediums': ['SSD', 'HDD']}], None, None)
    assert tiers.tier_properties(levels)['alluxio.worker.tieredstore.level0.dirs.mediumtype'] == 'SSD,HDD'


@pytest.mark.parametrize('bad, expected', [
    ([{'alias': 'SSD', 'paths': ['/s'], 'quotas': ['1GB']}, {'alias': 'MEM', 'paths': ['/m'], 'quotas': ['1GB']}],
     'levels go from the fastest down'),
    ([{'alias': 'NVME', 'paths': ['/s'], 'quotas': ['1GB']}], 'use MEM, SSD or HDD'),
    ([{'alias': 'MEM', 'paths': ['/m'], 'quotas': ['1GB']}, {'alias': 'MEM', 'paths': ['/n'], 'quotas': ['1GB']}],
     'lists an alias twice'),
    ([{'alias': 'SSD', 'paths': ['/s', '/t'], 'quotas': ['1GB']}], '2 path(s) but 1 quota(s)'),
    ([{'alias': 'SSD', 'paths': ['/s'], 'quotas': ['10 GB']}], 'which Alluxio cannot parse'),
    ([{'alias': 'MEM', 'paths': ['/data'], 'quotas': ['1GB']}, {'alias': 'SSD', 'paths': ['/data/ssd'], 'quotas': ['1GB']}],
     'one inside the other'),
    ([{'alias': 'SSD', 'paths': ['/s'], 'quotas': ['1GB'], 'high_watermark': 0.5, 'low_watermark': 0.8}],
     'not below high_watermark'),
    ([{'alias': 'SSD', 'paths': ['data'], 'quotas': ['1GB']}], 'relative path'),
])
def test_problems(bad, expected):
    problems = tiers.tier_problems(tiers.effective_tiers(bad, None, None), '4MB')
    assert any(expected in p for p in problems), problems


def test_capacity_of_the_host():
    levels = tiers.effective_tiers(TWO, None, None)
    df = tiers.parse_df('Mounted on 1B-blocks\n/ 1073741824\n/var/lib 134217728\n')
    assert df == {'/': 1 << 30, '/var/lib': 128 << 20}
    problems = tiers.capacity_problems('w1', levels, 32, df)
    assert any('MEM tier quotas add up to 64 MB but the host has 32 MB' in p for p in problems)
    assert any('/var/lib/alluxio-ssd a quota of 256MB but its file system (/var/lib) holds 128 MB' in p
               for p in problems)
    assert tiers.capacity_problems('w1', levels, 4096, {'/': 1 << 30}) == []


def test_site_reports_a_shared_shape_problem_once():
    bad = tiers.effective_tiers([{'alias': 'NVME', 'paths': ['/s'], 'quotas': ['1GB']}], None, None)
    problems = tiers.site_tier_problems({'w1': {'levels': bad}, 'w2': {'levels': bad}, 'm1': {'levels': []}})
    assert len(problems) == 1
