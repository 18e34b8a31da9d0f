# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the zookeeper role: the ensemble's plan, its problems and its SASL settings (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import host_var
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_ensemble import (
    client_addresses,
    ensemble_problems,
    existing_ids,
    local_addresses,
    member_addresses,
    member_ids,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_auth import quorum_auth_config, quorum_switch
from ansible_collections.datalake.alluxio.plugins.plugin_utils.checks import settings_filter


def zookeeper_ensemble_plan(reads, members, hostvars, address_source, address_hostvar, client_address_source='all',
                            client_address_fact=''):
    """The ids already on the members, the id and the addresses each gets, the explicit zookeeper_id of each."""
    if not isinstance(reads, dict):
        raise AnsibleFilterError('zookeeper_ensemble_plan: expected a dict of member to slurp result, got %s'
                                 % type(reads).__name__)
    members = list(members or [])
    explicit = {member: host_var(hostvars, member, 'zookeeper_id') for member in members}
    explicit = {member: value for member, value in explicit.items() if value is not None}
    existing = existing_ids(reads)
    return {
        'existing_ids': existing,
        'explicit_ids': explicit,
        'ids': member_ids(members, explicit, existing),
        'addresses': member_addresses(members, hostvars, address_source, address_hostvar),
        'client_addresses': client_addresses(members, hostvars, client_address_source, client_address_fact),
        'local_addresses': local_addresses(members, hostvars),
    }


def zookeeper_auth_settings(reads, enabled, members):
    """zoo.cfg's SASL settings, and the steps a running ensemble passes through to switch them on."""
    if not isinstance(reads, dict):
        raise AnsibleFilterError('zookeeper_auth_settings: expected a dict of member to the slurp result of its zoo.cfg, got %s'
                                 % type(reads).__name__)
    configs = {}
    for member, read in reads.items():
        content = (read or {}).get('content') if isinstance(read, dict) else None
        configs[member] = base64.b64decode(content).decode('utf-8', 'replace') if content else None
    count = len(members or [])
    steps, refused = quorum_switch(configs, bool(enabled), count)
    return {
        'passes': [quorum_auth_config(True, count, step) for step in steps],
        'config': quorum_auth_config(bool(enabled), count),
        'switch_off_refused': refused,
    }


zookeeper_ensemble_problems = settings_filter('zookeeper_ensemble_problems', ensemble_problems)


class FilterModule(object):
    def filters(self):
        return {
            'zookeeper_auth_settings': zookeeper_auth_settings,
            'zookeeper_ensemble_plan': zookeeper_ensemble_plan,
            'zookeeper_ensemble_problems': zookeeper_ensemble_problems,
        }
