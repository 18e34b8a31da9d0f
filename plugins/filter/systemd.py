# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over systemd units (each documented in its own .yml); the logic is module_utils/systemd_sandbox.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.datalake.alluxio.plugins.module_utils.systemd_sandbox import sandbox_directives
from ansible_collections.datalake.alluxio.plugins.plugin_utils.checks import logic_filter

systemd_sandbox = logic_filter('systemd_sandbox', sandbox_directives, list, 'a list of writable directories')


class FilterModule(object):
    def filters(self):
        return {'systemd_sandbox': systemd_sandbox}
