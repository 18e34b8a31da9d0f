# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""roles/alluxio_config/vars/main.yml: the alluxio-env.sh variable names the role
writes per version agree with the release's alluxio-config.sh (env_defines())."""

from __future__ import annotations

import os

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import env_defines

try:  # ansible-core 2.19 templates only trusted strings
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - older ansible-core
    def trust_as_template(value):
        return value

VARS = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'roles', 'alluxio_config', 'vars', 'main.yml')


def env_names(version):
    with open(VARS) as handle:
        expr = yaml.safe_load(handle)['__alluxio_config_legacy_env_names']
    templar = Templar(loader=DataLoader(), variables={'alluxio_version': version})
    return templar.template(trust_as_template(expr))


@pytest.mark.parametrize('version', ['1.2.0', '1.8.2', '2.0.0', '2.3.0', '2.4.0', '2.9.6'])
def test_every_written_variable_maps_back_to_its_property(version):
    names = env_names(version)
    parts = tuple(int(p) for p in version.split('.'))
    for prop, name in names.items():
        assert env_defines({name: 'v'}, parts).get(prop) == 'v', (version, prop, name)


def test_ramdisk_key_per_version():
    assert env_names('1.2.0')['alluxio.worker.memory.size'] == 'ALLUXIO_WORKER_MEMORY_SIZE'
    assert 'alluxio.worker.ramdisk.size' not in env_names('2.3.0')
    assert env_names('2.9.6')['alluxio.worker.ramdisk.size'] == 'ALLUXIO_WORKER_RAMDISK_SIZE'
    assert 'alluxio.worker.memory.size' not in env_names('2.9.6')
