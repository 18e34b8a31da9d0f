# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the hosts_file role: the block's plan and a file's state against it (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.datalake.alluxio.plugins.module_utils.hosts_file import file_state, plan
from ansible_collections.datalake.alluxio.plugins.plugin_utils.checks import logic_filter

hosts_file_plan = logic_filter('hosts_file_plan', plan, list, 'a list of inventory hosts')
hosts_file_state = logic_filter('hosts_file_state', file_state, str, 'the text of the hosts file')


class FilterModule(object):
    def filters(self):
        return {
            'hosts_file_plan': hosts_file_plan,
            'hosts_file_state': hosts_file_state,
        }
