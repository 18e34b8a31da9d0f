# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""module_utils/alluxio_cluster.py: the members' addresses."""

from __future__ import annotations

from ansible_collections.datalake.alluxio.plugins.module_utils import alluxio_cluster

HOSTVARS = {
    'm1': {'alluxio_hostname': 'master1.example', 'ansible_host': '10.0.0.1'},
    'm2': {'ansible_host': 'm2.example'},
    'w1': {'ansible_host': 'fd00::11'},
}


def test_node_addresses_in_order():
    assert alluxio_cluster.node_addresses(['m2', 'm1', 'w1', 'gone'], HOSTVARS) == ['m2', 'master1.example', 'w1', 'gone']
    assert alluxio_cluster.node_addresses([], HOSTVARS) == []


def test_inventory_ip_addresses():
    assert alluxio_cluster.inventory_ip_addresses(['m1', 'm2', 'w1', 'gone'], HOSTVARS) == {
        'm1': '10.0.0.1', 'w1': 'fd00::11'}
