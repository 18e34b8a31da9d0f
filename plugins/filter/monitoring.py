# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters of the monitoring role (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.monitoring import docker_problems, problems, scrape_configs


def alluxio_scrape_configs(settings, hostvars, groups):
    """Prometheus scrape jobs of the cluster in the inventory (module_utils/monitoring.py)."""
    if not isinstance(settings, dict) or 'cluster' not in settings:
        raise AnsibleFilterError('alluxio_scrape_configs: expected a dict of settings with at least "cluster"')
    return scrape_configs(hostvars, groups, settings)


def alluxio_monitoring_problems(settings, hostvars=None, groups=None):
    """The monitoring settings the role refuses, and with the inventory the Docker containers it cannot reach."""
    if not isinstance(settings, dict):
        raise AnsibleFilterError('alluxio_monitoring_problems: expected a dict of settings, got %s'
                                 % type(settings).__name__)
    return problems(settings) + (docker_problems(hostvars, groups, settings) if groups is not None else [])


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_scrape_configs': alluxio_scrape_configs,
            'alluxio_monitoring_problems': alluxio_monitoring_problems,
        }
