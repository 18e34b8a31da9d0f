# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over Alluxio names and values (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_cluster import (
    inventory_ip_addresses,
    node_addresses,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    SERVICES,
    duration_ms,
    is_local_path,
    unit_name,
)
from ansible_collections.datalake.alluxio.plugins.module_utils.cluster_layout import layout_problems
from ansible_collections.datalake.alluxio.plugins.module_utils.install_sources import source_problems
from ansible_collections.datalake.alluxio.plugins.module_utils.site_preflight import site_problems, supported_version
from ansible_collections.datalake.alluxio.plugins.plugin_utils.checks import settings_filter


def alluxio_unit(process):
    """The systemd unit of an Alluxio process (master -> alluxio-master)."""
    if process not in SERVICES:
        raise AnsibleFilterError('alluxio_unit: %r is not an Alluxio process; expected one of %s'
                                 % (process, ', '.join(sorted(SERVICES))))
    return unit_name(process)


def alluxio_duration_ms(value):
    """Milliseconds of an Alluxio duration, or None when Alluxio would refuse it."""
    return duration_ms(value)


def alluxio_local_path(value):
    """True for a local path or file:// URI, False for hdfs://, s3://, ..."""
    return is_local_path(value)


def alluxio_supported_version(value):
    """True for an Alluxio release the roles know how to drive (1.1-1.8, 2.0-2.9)."""
    return supported_version(value)


def alluxio_site_problems(nodes):
    """Every cross-host problem of the site (module_utils/site_preflight.py), as sentences."""
    if not isinstance(nodes, dict):
        raise AnsibleFilterError('alluxio_site_problems: expected a dict of host name to description, got %s'
                                 % type(nodes).__name__)
    return site_problems(nodes)


alluxio_cluster_problems = settings_filter('alluxio_cluster_problems', layout_problems)
alluxio_install_problems = settings_filter('alluxio_install_problems', source_problems)


def alluxio_node_addresses(hosts, hostvars):
    """The Alluxio address of each host (alluxio_hostname, or the inventory name)."""
    if not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError('alluxio_node_addresses: expected a list of host names, got %s' % type(hosts).__name__)
    return node_addresses(hosts, hostvars)


def alluxio_inventory_ip_addresses(hosts, hostvars):
    """Host name to ansible_host, for the hosts whose ansible_host is an IP address."""
    if not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError('alluxio_inventory_ip_addresses: expected a list of host names, got %s'
                                 % type(hosts).__name__)
    return inventory_ip_addresses(hosts, hostvars)


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_unit': alluxio_unit,
            'alluxio_duration_ms': alluxio_duration_ms,
            'alluxio_local_path': alluxio_local_path,
            'alluxio_supported_version': alluxio_supported_version,
            'alluxio_site_problems': alluxio_site_problems,
            'alluxio_cluster_problems': alluxio_cluster_problems,
            'alluxio_install_problems': alluxio_install_problems,
            'alluxio_node_addresses': alluxio_node_addresses,
            'alluxio_inventory_ip_addresses': alluxio_inventory_ip_addresses,
        }
