# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over the worker's tiered storage (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_tiers import (
    effective_tiers,
    mem_mounts,
    parse_df,
    site_tier_problems,
    tier_properties,
)


def alluxio_worker_levels(tiers, mem_path, ramdisk_size):
    """The worker's levels, normalised; one MEM level of mem_path and ramdisk_size without tiers."""
    if tiers and not isinstance(tiers, list):
        raise AnsibleFilterError('alluxio_worker_levels: alluxio_worker_tiers must be a list of levels, got %s'
                                 % type(tiers).__name__)
    if any(not isinstance(tier, dict) for tier in tiers or []):
        raise AnsibleFilterError('alluxio_worker_levels: each level of alluxio_worker_tiers must be a dict '
                                 '(alias, paths, quotas)')
    return effective_tiers(tiers, mem_path, ramdisk_size)


def alluxio_tier_properties(levels):
    """alluxio.worker.tieredstore.* of the levels."""
    return tier_properties(levels)


def alluxio_tier_mem_mounts(levels):
    """The MEM directories to mount a tmpfs on, with their sizes."""
    return mem_mounts(levels)


def alluxio_tier_site_problems(site):
    """The tiers of every worker Alluxio would refuse or the host cannot hold, as sentences."""
    if not isinstance(site, dict):
        raise AnsibleFilterError('alluxio_tier_site_problems: expected a dict of host name to description')
    return site_tier_problems({name: {'levels': (node.get('alluxio') or {}).get('levels') or [],
                                      'reserved': (node.get('alluxio') or {}).get('tier_reserved'),
                                      'mem_total_mb': node.get('mem_total_mb'),
                                      'filesystems': parse_df(node.get('df') or '')}
                               for name, node in site.items()})


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_worker_levels': alluxio_worker_levels,
            'alluxio_tier_properties': alluxio_tier_properties,
            'alluxio_tier_mem_mounts': alluxio_tier_mem_mounts,
            'alluxio_tier_site_problems': alluxio_tier_site_problems,
        }
