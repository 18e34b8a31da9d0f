# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The health entry point's judgement (documented in alluxio_health_report.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_health import health_report


def alluxio_health_report(facts):
    """The cluster's health and its problems (module_utils/alluxio_health.py)."""
    if not isinstance(facts, dict) or facts.get('ha_mode') not in ('single', 'embedded', 'zookeeper'):
        raise AnsibleFilterError('alluxio_health_report: expected a dict of facts with ha_mode single, embedded or zookeeper')
    return health_report(facts)


class FilterModule(object):
    def filters(self):
        return {'alluxio_health_report': alluxio_health_report}
