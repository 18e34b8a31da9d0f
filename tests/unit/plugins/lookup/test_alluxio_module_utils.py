# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""datalake.alluxio.alluxio_module_utils: the text of the collection's module_utils files, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

MODULE_UTILS = Path(__file__).resolve().parents[4] / 'plugins' / 'module_utils'


def run(*terms):
    return lookup_loader.get('datalake.alluxio.alluxio_module_utils').run(list(terms), variables={})


def test_returns_each_file_text():
    assert run('alluxio_journal.py', 'alluxio_properties.py') == [
        (MODULE_UTILS / name).read_text(encoding='utf-8') for name in ('alluxio_journal.py', 'alluxio_properties.py')]


@pytest.mark.parametrize('name', ['../lookup/alluxio_leader.py', '/etc/passwd', 'missing.py', 'alluxio_journal'])
def test_refuses_anything_else(name):
    with pytest.raises(AnsibleLookupError, match='is not a file of'):
        run(name)
