# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Ports and host:port addresses (module_utils/ports.py)."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.ports import parse_host_port, tcp_port


@pytest.mark.parametrize('value, port', [
    (2181, 2181), ('2181', 2181), (1, 1), (65535, 65535),
    (0, None), (65536, None), ('-1', None), (' 80', None), ('+80', None), ('8o', None), (True, None), (None, None),
    (80.0, None), ('', None),
])
def test_tcp_port(value, port):
    assert tcp_port(value) == port


@pytest.mark.parametrize('name, expected', [
    ('zk1:2181', ('zk1', 2181)), (' 10.0.1.8:2181 ', ('10.0.1.8', 2181)), ('[fd00::1]:2181', ('fd00::1', 2181)),
    ('fd00::1:2181', ('fd00::1', 2181)),
])
def test_parse_host_port(name, expected):
    assert parse_host_port(name) == expected


@pytest.mark.parametrize('name, reason', [
    ('', 'empty address'), ('zk1', "'zk1' has no ':port'"), ('zk1:0', "'zk1:0' has no valid port"),
    ('zk1:http', "'zk1:http' has no valid port"), (':2181', "':2181' has no host"), ('[fd00::1]2181', 'is not [host]:port'),
])
def test_parse_host_port_refuses(name, reason):
    with pytest.raises(ValueError, match=reason.replace('[', r'\[').replace(']', r'\]')):
        parse_host_port(name)
