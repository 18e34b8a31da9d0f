# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The alluxio_install preflight's source checks (module_utils/install_sources.py, filter alluxio_install_problems)."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.filter import alluxio as filters
from ansible_collections.datalake.alluxio.plugins.module_utils.install_sources import source_problems

SHA = 'sha256:' + 'a' * 64


def settings(**changes):
    base = {'host': 'm1', 'os': 'Debian-12', 'version': '2.9.6', 'java_method': 'archive', 'java_archive_src': '',
            'java_archive_url': 'https://mirror/jdk.tgz', 'java_archive_checksum': SHA, 'tarball_checksum': SHA,
            'tarball_src': '', 'tarball_remote_src': ''}
    base.update(changes)
    return base


def test_good_sources():
    assert source_problems(settings()) == []
    assert source_problems(settings(java_method='package', java_archive_url='', java_archive_checksum='')) == []


def test_java():
    assert source_problems(settings(java_method='sdkman')) == [
        'm1: alluxio_install_java_method is "sdkman": use archive or package.']
    assert source_problems(settings(java_archive_url='', java_archive_checksum='md5:abc')) == [
        'm1: alluxio_install_java_method is archive (the default on Debian-12, which has no Java 8/11 package) but neither'
        ' alluxio_install_java_archive_src (a JDK/JRE 8 or 11 tarball on the controller) nor alluxio_install_java_archive_url'
        ' is set: set one of them with alluxio_install_java_archive_checksum.',
        'm1: alluxio_install_java_archive_checksum is "md5:abc": set it to sha256:<64 hex digits> of the Java archive'
        ' (sha256sum <file>).']


def test_tarball_and_version():
    assert source_problems(settings(tarball_checksum='md5:1', tarball_src='/srv/a.tgz', tarball_remote_src='/tmp/a.tgz',
                                    version='2.10.0')) == [
        'm1: alluxio_install_tarball_checksum is "md5:1": set it to sha256:<64 hex digits> of alluxio-2.10.0-bin.tar.gz'
        ' (published next to the download, or sha256sum <file>).',
        'm1: both alluxio_install_tarball_src (controller file) and alluxio_install_tarball_remote_src (file on the host)'
        ' are set: keep one.',
        'm1: alluxio_version is "2.10.0": these roles drive Alluxio 1.1-1.8 and 2.0-2.9 releases, written in full (for'
        ' example 2.9.6).']


def test_filter_wants_complete_settings():
    incomplete = settings()
    del incomplete['os']
    with pytest.raises(AnsibleFilterError, match='settings lack os'):
        filters.alluxio_install_problems(incomplete)
