# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The -D options libexec/alluxio-config.sh derives from alluxio-env.sh, per release line,
and the order in which the scripts put them on the java command line."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import (
    effective_defines,
    env_defines,
)


@pytest.mark.parametrize('version, key', [
    ((1, 8, 0), 'alluxio.worker.memory.size'),
    ((2, 0, 0), 'alluxio.worker.memory.size'),
    ((2, 3, 0), 'alluxio.worker.memory.size'),
    ((2, 4, 0), 'alluxio.worker.ramdisk.size'),
    ((2, 9, 6), 'alluxio.worker.ramdisk.size'),
])
def test_worker_memory_size(version, key):
    out = env_defines({'ALLUXIO_WORKER_MEMORY_SIZE': '2GB'}, version)
    assert out == {key: '2GB'}


def test_ramdisk_size_wins_over_memory_size_from_2_4():
    env = {'ALLUXIO_WORKER_MEMORY_SIZE': '2GB', 'ALLUXIO_WORKER_RAMDISK_SIZE': '3GB'}
    assert env_defines(env, (2, 9, 6)) == {'alluxio.worker.ramdisk.size': '3GB'}
    # Before 2.4 the scripts do not know ALLUXIO_WORKER_RAMDISK_SIZE.
    assert env_defines(env, (2, 3, 0)) == {'alluxio.worker.memory.size': '2GB'}
    assert env_defines({'ALLUXIO_WORKER_RAMDISK_SIZE': '3GB'}, (2, 2, 0)) == {}


def test_root_ufs():
    env = {'ALLUXIO_UNDERFS_ADDRESS': 'hdfs://nn/a'}
    assert env_defines(env, (1, 8, 0)) == {'alluxio.underfs.address': 'hdfs://nn/a'}
    assert env_defines(env, (2, 9, 6)) == {'alluxio.master.mount.table.root.ufs': 'hdfs://nn/a'}
    env['ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS'] = 'hdfs://nn/b'
    assert env_defines(env, (2, 0, 0)) == {'alluxio.master.mount.table.root.ufs': 'hdfs://nn/b'}
    # 1.x ignores the 2.x name.
    assert env_defines({'ALLUXIO_MASTER_MOUNT_TABLE_ROOT_UFS': 'x'}, (1, 8, 0)) == {}


def test_master_hostname_and_deprecated_address():
    env = {'ALLUXIO_MASTER_HOSTNAME': 'h', 'ALLUXIO_MASTER_ADDRESS': 'a'}
    assert env_defines(env, (1, 8, 0)) == {'alluxio.master.hostname': 'a'}
    assert env_defines(env, (2, 9, 6)) == {'alluxio.master.hostname': 'h'}


def test_ram_folder_sets_mem_alias_from_1_5():
    env = {'ALLUXIO_RAM_FOLDER': '/dev/shm'}
    assert env_defines(env, (1, 4, 0)) == {'alluxio.worker.tieredstore.level0.dirs.path': '/dev/shm'}
    assert env_defines(env, (2, 9, 6)) == {'alluxio.worker.tieredstore.level0.alias': 'MEM',
                                           'alluxio.worker.tieredstore.level0.dirs.path': '/dev/shm'}


def test_empty_values_are_ignored():
    assert env_defines({'ALLUXIO_RAM_FOLDER': '', 'ALLUXIO_WORKER_RAMDISK_SIZE': ' '}, (2, 9, 6)) == {}


def test_role_options_win_from_2_7_and_lose_before():
    env = {'ALLUXIO_JAVA_OPTS': '-Dk=common -Dalluxio.master.hostname=opts',
           'ALLUXIO_MASTER_JAVA_OPTS': '-Dk=master',
           'ALLUXIO_MASTER_HOSTNAME': 'env'}
    assert effective_defines(env, (2, 9, 6), 'MASTER')['k'] == 'master'
    assert effective_defines(env, (2, 6, 0), 'MASTER')['k'] == 'common'
    # Variables mapped by alluxio-config.sh are appended after the operator's ALLUXIO_JAVA_OPTS.
    assert effective_defines(env, (2, 9, 6), 'MASTER')['alluxio.master.hostname'] == 'env'
    # The command-line tools (and formatJournal/formatWorker) never see the master's options.
    assert effective_defines(env, (2, 9, 6), 'USER')['k'] == 'common'


def test_install_paths_come_from_the_scripts():
    env = {'ALLUXIO_JAVA_OPTS': '-Dalluxio.home=/elsewhere'}
    out = effective_defines(env, (2, 9, 6), 'USER', home='/opt/alluxio', conf_dir='/opt/alluxio/conf',
                            logs_dir='/var/log/alluxio')
    assert out['alluxio.home'] == '/opt/alluxio'
    assert out['alluxio.conf.dir'] == '/opt/alluxio/conf'
    assert out['alluxio.logs.dir'] == '/var/log/alluxio'
