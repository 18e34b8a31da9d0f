# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Filters over Alluxio names and values (each documented in its own .yml)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio_process import (
    SERVICES,
    duration_ms,
    is_local_path,
    unit_name,
)


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


class FilterModule(object):
    def filters(self):
        return {
            'alluxio_unit': alluxio_unit,
            'alluxio_duration_ms': alluxio_duration_ms,
            'alluxio_local_path': alluxio_local_path,
        }
