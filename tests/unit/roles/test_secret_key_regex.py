# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""alluxio_config_secret_key_regex (roles/alluxio_config/defaults/main.yml) finds
secret property keys anywhere in the key, as Python's re.search does in the role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DEFAULTS = Path(__file__).resolve().parents[3] / 'roles' / 'alluxio_config' / 'defaults' / 'main.yml'
REGEX = re.compile(yaml.safe_load(DEFAULTS.read_text(encoding='utf-8'))['alluxio_config_secret_key_regex'])


@pytest.mark.parametrize('key', [
    'fs.azure.account.key.acct.blob.core.windows.net',
    'alluxio.master.mount.table.root.option.fs.azure.account.key.acct.blob.core.windows.net',
    'fs.swift.apikey', 'fs.swift.api.key', 'fs.s3a.access.key', 's3a.accessKeyId', 's3a.secretKey',
    'fs.oss.accessKeySecret', 'fs.azure.account.oauth2.client.secret', 'alluxio.security.login.password',
    'fs.gcs.credential.path', 'FS.SWIFT.APIKEY',
])
def test_secret_keys_are_found(key):
    assert REGEX.search(key)


@pytest.mark.parametrize('key', [
    'alluxio.master.hostname', 'alluxio.zookeeper.address', 'alluxio.worker.tieredstore.level0.dirs.quota',
    'alluxio.master.mount.table.root.ufs', 'alluxio.underfs.hdfs.configuration',
])
def test_plain_keys_are_not(key):
    assert not REGEX.search(key)
