# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the ssh_trust role (each documented in its own .yml); the logic is module_utils/ssh_trust.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.datalake.alluxio.plugins.module_utils import ssh_trust
from ansible_collections.datalake.alluxio.plugins.plugin_utils.checks import logic_filter


def _filter(name, function, input_type, input_what):
    # Their inputs come from registered results and facts: a missing key or a
    # wrong type there is a filter error that names the filter.
    return logic_filter(name, function, input_type, input_what, errors=(ValueError, KeyError, TypeError))


ssh_trust_accounts = _filter('ssh_trust_accounts', ssh_trust.accounts, dict, 'the getent_passwd fact')
ssh_trust_authorized_keys = _filter('ssh_trust_authorized_keys', ssh_trust.authorized_keys, list, 'a list of source hosts')
ssh_trust_known_hosts = _filter('ssh_trust_known_hosts', ssh_trust.known_hosts_entries, list, 'a list of target hosts')
ssh_trust_known_hosts_todo = _filter('ssh_trust_known_hosts_todo', ssh_trust.known_hosts_todo, list,
                                     "the results of slurp's loop over the users")
ssh_trust_check_failures = _filter('ssh_trust_check_failures', ssh_trust.check_failures, list, 'a list of source hosts')
ssh_trust_stale_keys = _filter('ssh_trust_stale_keys', ssh_trust.stale_keys, list, "the results of slurp's loop over the users")
ssh_trust_known_hosts_missing = _filter('ssh_trust_known_hosts_missing', ssh_trust.known_hosts_missing, list,
                                        'a list of {name, key}')


class FilterModule(object):
    def filters(self):
        return {
            'ssh_trust_accounts': ssh_trust_accounts,
            'ssh_trust_authorized_keys': ssh_trust_authorized_keys,
            'ssh_trust_known_hosts': ssh_trust_known_hosts,
            'ssh_trust_known_hosts_todo': ssh_trust_known_hosts_todo,
            'ssh_trust_check_failures': ssh_trust_check_failures,
            'ssh_trust_known_hosts_missing': ssh_trust_known_hosts_missing,
            'ssh_trust_stale_keys': ssh_trust_stale_keys,
        }
