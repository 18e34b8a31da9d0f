# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over Alluxio process names (documented in alluxio_unit.yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import SERVICES, unit_name


def alluxio_unit(process):
    """The systemd unit of an Alluxio process (master -> alluxio-master)."""
    if process not in SERVICES:
        raise AnsibleFilterError('alluxio_unit: %r is not an Alluxio process; expected one of %s'
                                 % (process, ', '.join(sorted(SERVICES))))
    return unit_name(process)


class FilterModule(object):
    def filters(self):
        return {'alluxio_unit': alluxio_unit}
