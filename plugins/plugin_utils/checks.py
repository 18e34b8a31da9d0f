# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Controller-side glue for the roles' checks: a filter over a dict of settings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def settings_filter(name, check):
    """The filter ``name``: ``check(settings)`` on a dict, its ValueError an AnsibleFilterError."""
    def run(settings):
        if not isinstance(settings, dict):
            raise AnsibleFilterError('%s: expected a dict of settings, got %s' % (name, type(settings).__name__))
        try:
            return check(settings)
        except ValueError as error:
            raise AnsibleFilterError('%s: %s' % (name, error))
    run.__name__ = name
    run.__doc__ = check.__doc__
    return run
