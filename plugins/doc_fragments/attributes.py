# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The attributes of a module that only reads (datalake.alluxio.attributes.info_module);
    # list it before ansible.builtin.action_common_attributes, whose values it overrides.
    INFO_MODULE = r'''
attributes:
  check_mode:
    support: full
    details: Read-only; runs the same in check mode.
  diff_mode:
    support: N/A
    details: Changes nothing.
  platform:
    support: full
    platforms: posix
'''

    # A module that changes hosts but shows no diff, on any POSIX host
    # (datalake.alluxio.attributes.no_diff); its own check_mode attribute stays in the module.
    NO_DIFF = r'''
attributes:
  diff_mode:
    support: none
  platform:
    support: full
    platforms: posix
'''
