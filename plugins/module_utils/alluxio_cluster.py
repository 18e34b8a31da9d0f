# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""The cluster's members as every Alluxio role sees them (roles/alluxio_common/vars/main.yml).

* node_addresses: the Alluxio address of each host, the name the others and
  the clients reach it by: its ``alluxio_hostname``, or its inventory name;
* inventory_ip_addresses: the hosts whose ``ansible_host`` is an IP address,
  for checks that run before /etc/hosts knows the inventory's names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_IP = re.compile(r'^[0-9.]+$|^[0-9a-fA-F:]*:[0-9a-fA-F:.]+$')


def host_var(hostvars, host, name):
    """A host's own value of ``name`` in ``hostvars``; None when it has none."""
    values = hostvars[host] if host in hostvars else {}
    return values.get(name) if name in values else None


def node_addresses(hosts, hostvars):
    """The Alluxio address of each of ``hosts``, in order."""
    return [str(host_var(hostvars, host, 'alluxio_hostname') or host) for host in hosts or []]


def inventory_ip_addresses(hosts, hostvars):
    """``{host: ansible_host}`` for those of ``hosts`` whose ansible_host is an IP address."""
    found = {}
    for host in hosts or []:
        address = str(host_var(hostvars, host, 'ansible_host') or '')
        if _IP.match(address):
            found[host] = address
    return found
