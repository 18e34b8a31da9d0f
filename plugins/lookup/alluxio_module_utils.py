# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: alluxio_module_utils
author: datalake.alluxio maintainers (@datalake)
version_added: 0.2.0
short_description: The source of one of this collection's module_utils files
description:
  - Returns the text of files of the collection's C(plugins/module_utils), wherever the collection is installed,
    so that a role can ship the same code elsewhere (the C(alluxio_docker) image decides on a journal format with
    the code the M(datalake.alluxio.alluxio_format) module uses).
  - Runs on the controller.
options:
  _terms:
    description: File names in C(plugins/module_utils), such as V(alluxio_journal.py); no directories.
    type: list
    elements: str
    required: true
'''

EXAMPLES = r'''
- name: Ship the journal code with an image's build context
  ansible.builtin.copy:
    content: "{{ lookup('datalake.alluxio.alluxio_module_utils', 'alluxio_journal.py') }}"
    dest: /var/lib/alluxio-docker/image/lib/alluxio_journal.py
    mode: "0644"
'''

RETURN = r'''
_raw:
  description: The text of each file, in the order of the terms.
  type: list
  elements: str
'''

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_properties

MODULE_UTILS = os.path.dirname(os.path.abspath(alluxio_properties.__file__))


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        texts = []
        for name in terms:
            path = os.path.join(MODULE_UTILS, str(name))
            if os.path.basename(str(name)) != name or not name.endswith('.py') or not os.path.isfile(path):
                raise AnsibleLookupError('alluxio_module_utils: %r is not a file of %s; name one of its .py files'
                                         % (name, MODULE_UTILS))
            with open(path, encoding='utf-8') as handle:
                texts.append(handle.read())
        return texts
