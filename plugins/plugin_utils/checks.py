# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Controller-side glue for the roles' filters: module_utils logic as a filter."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def logic_filter(name, function, input_type, input_what, errors=(ValueError,)):
    """The filter ``name``: ``function(input, *args)`` once its input is an
    ``input_type`` (else it names ``input_what``); ``errors`` it raises become
    an AnsibleFilterError prefixed with the filter's name."""
    def run(value, *args):
        if not isinstance(value, input_type):
            raise AnsibleFilterError('%s: expected %s, got %s' % (name, input_what, type(value).__name__))
        try:
            return function(value, *args)
        except errors as error:
            raise AnsibleFilterError('%s: %s' % (name, error))
    run.__name__ = name
    run.__doc__ = function.__doc__
    return run


def settings_filter(name, check):
    """The filter ``name``: ``check(settings)`` on a dict, its ValueError an AnsibleFilterError."""
    return logic_filter(name, check, dict, 'a dict of settings')
