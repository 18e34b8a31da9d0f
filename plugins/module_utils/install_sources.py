# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Where Java and the Alluxio tarball come from, checked before any host changes (roles/alluxio_install/tasks/preflight.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import require_settings, supported_version

_CHECKSUM = re.compile(r'^sha256:[0-9a-fA-F]{64}$')

# What source_problems reads; filter alluxio_install_problems documents each.
SETTINGS = ('host', 'os', 'version', 'java_method', 'java_archive_src', 'java_archive_url', 'java_archive_checksum',
            'tarball_checksum', 'tarball_src', 'tarball_remote_src')


def _java_problems(s):
    if s['java_method'] not in ('archive', 'package'):
        return ['alluxio_install_java_method is "%s": use archive or package.' % s['java_method']]
    if s['java_method'] == 'package':
        return []
    problems = []
    if not s['java_archive_src'] and not s['java_archive_url']:
        problems.append('alluxio_install_java_method is archive (the default on %s, which has no Java 8/11 package) but'
                        ' neither alluxio_install_java_archive_src (a JDK/JRE 8 or 11 tarball on the controller) nor'
                        ' alluxio_install_java_archive_url is set: set one of them with alluxio_install_java_archive_checksum.'
                        % s['os'])
    if not _CHECKSUM.match(str(s['java_archive_checksum'])):
        problems.append('alluxio_install_java_archive_checksum is "%s": set it to sha256:<64 hex digits> of the Java archive'
                        ' (sha256sum <file>).' % s['java_archive_checksum'])
    return problems


def _tarball_problems(s):
    problems = []
    if not _CHECKSUM.match(str(s['tarball_checksum'])):
        problems.append('alluxio_install_tarball_checksum is "%s": set it to sha256:<64 hex digits> of alluxio-%s-bin.tar.gz'
                        ' (published next to the download, or sha256sum <file>).' % (s['tarball_checksum'], s['version']))
    if s['tarball_src'] and s['tarball_remote_src']:
        problems.append('both alluxio_install_tarball_src (controller file) and alluxio_install_tarball_remote_src (file on'
                        ' the host) are set: keep one.')
    if not supported_version(s['version']):
        problems.append('alluxio_version is "%s": these roles drive Alluxio 1.1-1.8 and 2.0-2.9 releases, written in full'
                        ' (for example 2.9.6).' % s['version'])
    return problems


def source_problems(settings):
    """Every problem of the host's Java and tarball sources, each prefixed with the host's name."""
    require_settings(settings, SETTINGS, 'source_problems')
    return ['%s: %s' % (settings['host'], problem) for problem in _java_problems(settings) + _tarball_problems(settings)]
