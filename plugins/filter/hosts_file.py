# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the hosts_file role: the block's plan and a file's state against it (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.hosts_file import file_state, plan


def hosts_file_plan(hosts, hostvars, groups, source, fact, domain):
    """The block of cluster hosts, its problems and the hosts whose address fact is still to be gathered."""
    if not isinstance(hosts, list):
        raise AnsibleFilterError('hosts_file_plan: expected a list of inventory hosts, got %s' % type(hosts).__name__)
    try:
        return plan(hosts, hostvars, list(groups or []), source, fact, domain)
    except ValueError as error:
        raise AnsibleFilterError('hosts_file_plan: %s' % error)


def hosts_file_state(content, block_plan, marker_begin, marker_end):
    """Conflicting lines outside the block and whether the block is in place, in a hosts file's text."""
    if not isinstance(content, str):
        raise AnsibleFilterError('hosts_file_state: expected the text of the hosts file, got %s' % type(content).__name__)
    if not isinstance(block_plan, dict) or 'names' not in block_plan or 'block' not in block_plan:
        raise AnsibleFilterError('hosts_file_state: expected the result of datalake.alluxio.hosts_file_plan')
    return file_state(content, marker_begin, marker_end, block_plan['names'], block_plan['block'])


class FilterModule(object):
    def filters(self):
        return {
            'hosts_file_plan': hosts_file_plan,
            'hosts_file_state': hosts_file_state,
        }
