# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The version a running Alluxio JVM runs, from its class path, open files or maps."""

from __future__ import annotations

import os

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_jvm import (
    alluxio_version_of_paths,
    compare_versions,
    jvm_classpath,
    jvm_property,
    processes,
    running_version,
)

RELEASE_ARGV = ['/opt/alluxio-java/bin/java', '-cp',
                '/opt/alluxio/conf/::/opt/alluxio/assembly/alluxio-server-2.9.4.jar',
                '-Dalluxio.home=/opt/alluxio', '-Dalluxio.logger.type=MASTER_LOGGER', '-Xmx8g',
                'alluxio.master.AlluxioMaster']
# The test stand-in puts a directory wildcard on the class path.
STAND_IN_ARGV = ['/opt/jdk-11.0.13/bin/java', '-cp', '/opt/alluxio/conf/:/opt/alluxio/assembly/server/*',
                 '-Dalluxio.home=/opt/alluxio', 'alluxio.master.AlluxioMaster']


def fake_jvm(root, pid, argv, fds=(), maps=()):
    """A /proc/PID with cmdline, fd/ symlinks and maps of our own."""
    base = os.path.join(str(root), str(pid))
    os.makedirs(os.path.join(base, 'fd'))
    with open(os.path.join(base, 'cmdline'), 'wb') as handle:
        handle.write(('\0'.join(argv) + '\0').encode())
    for number, target in enumerate(fds):
        os.symlink(target, os.path.join(base, 'fd', str(number + 3)))
    with open(os.path.join(base, 'maps'), 'w') as handle:
        for path in maps:
            handle.write('7f0000000000-7f0000001000 r--s 00000000 08:01 1234     %s\n' % path)
    return base


def test_classpath_and_properties():
    assert jvm_classpath(RELEASE_ARGV).endswith('alluxio-server-2.9.4.jar')
    assert jvm_classpath(['java', '--class-path=/a.jar', 'Main']) == '/a.jar'
    assert jvm_classpath(['java', 'Main']) == ''
    assert jvm_property(RELEASE_ARGV, 'alluxio.home') == '/opt/alluxio'
    assert jvm_property(['java', '-Dx=1', '-Dx=2'], 'x') == '2'
    assert jvm_property(RELEASE_ARGV, 'missing') is None


@pytest.mark.parametrize('paths, version', [
    (['/opt/alluxio/conf/', '/opt/alluxio/assembly/alluxio-server-2.9.6.jar'], '2.9.6'),
    (['/opt/alluxio-2.9.4/assembly/server/alluxio-core-common-2.9.4.jar', '/usr/lib/jvm/lib/modules'], '2.9.4'),
    (['/opt/alluxio-1.2.0/assembly/target/alluxio-assemblies-1.2.0-jar-with-dependencies.jar'], '1.2.0'),
    (['/opt/alluxio/assembly/server/guava-31.1-jre.jar', 'socket:[1234]', 'pipe:[5]'], None),
    ([], None),
])
def test_version_of_paths(paths, version):
    assert alluxio_version_of_paths(paths) == version


def test_release_classpath_names_the_version(tmp_path):
    # The jar name on the class path wins, whatever alluxio.home points to now.
    info = running_version(100, RELEASE_ARGV, str(tmp_path))
    assert info['version'] == '2.9.4'
    assert info['source'] == 'class path'
    assert info['home'] == '/opt/alluxio'


def test_stand_in_reads_open_jars_after_the_link_switched(tmp_path):
    # /opt/alluxio already points to 2.9.6, but the JVM holds the 2.9.4 jars.
    fake_jvm(tmp_path, 200, STAND_IN_ARGV, fds=[
        '/dev/null', 'socket:[88]', '/opt/alluxio-2.9.4/assembly/server/guava-31.1-jre.jar',
        '/opt/alluxio-2.9.4/assembly/server/alluxio-core-server-master-2.9.4.jar'])
    info = running_version(200, STAND_IN_ARGV, str(tmp_path))
    assert (info['version'], info['source'], info['readable']) == ('2.9.4', 'open files', True)


def test_maps_when_no_jar_is_open(tmp_path):
    fake_jvm(tmp_path, 300, STAND_IN_ARGV, fds=['/dev/null'],
             maps=['/opt/jdk/lib/server/libjvm.so', '/opt/alluxio-2.9.6/assembly/server/alluxio-shell-2.9.6.jar'])
    info = running_version(300, STAND_IN_ARGV, str(tmp_path))
    assert (info['version'], info['source']) == ('2.9.6', 'memory maps')


def test_unreadable_process_has_no_version(tmp_path):
    # No fd/ and no maps: another user's process read without root.
    info = running_version(400, STAND_IN_ARGV, str(tmp_path))
    assert info['version'] is None
    assert info['readable'] is False


@pytest.mark.parametrize('running, target, expected', [
    ('2.9.6', '2.9.6', 'same'),
    ('2.9.4', '2.9.6', 'older'),
    ('2.10.0', '2.9.6', 'newer'),
    (None, '2.9.6', 'unknown'),
    ('2.9.6', 'latest', 'unknown'),
])
def test_compare_versions(running, target, expected):
    assert compare_versions(running, target) == expected


def test_processes_finds_each_service(tmp_path):
    fake_jvm(tmp_path, 500, STAND_IN_ARGV, fds=['/opt/alluxio-2.9.4/assembly/server/alluxio-core-common-2.9.4.jar'])
    worker = [arg.replace('alluxio.master.AlluxioMaster', 'alluxio.worker.AlluxioWorker') for arg in RELEASE_ARGV]
    fake_jvm(tmp_path, 600, worker)
    found = processes(['master', 'worker', 'job_master'], str(tmp_path))
    assert sorted(found) == ['master', 'worker']
    assert found['master']['pid'] == 500 and found['master']['version'] == '2.9.4'
    assert found['worker']['version'] == '2.9.4' and found['worker']['source'] == 'class path'
