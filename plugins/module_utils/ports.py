# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""TCP ports and ``host:port`` addresses as the inventory and Alluxio's properties give them.

* tcp_port: a port (1-65535) from an int or a string of digits, else None;
* parse_host_port: ``host:port``, ``[v6]:port`` or ``v6:port`` split, strictly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def tcp_port(value):
    """``value`` as a TCP port (1-65535), or None (booleans, signs, spaces and words included)."""
    if isinstance(value, bool):
        return None
    text = str(value)
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None


def parse_host_port(name):
    """Split ``host:port``, ``[v6]:port`` or ``v6:port`` into (host, int port).

    Raises ValueError when there is no numeric port in 1-65535.
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError('empty address')
    name = name.strip()
    if name.startswith('['):
        host, sep, rest = name[1:].partition(']')
        if not sep or not rest.startswith(':'):
            raise ValueError("'%s' is not [host]:port" % name)
        port_text = rest[1:]
    else:
        host, sep, port_text = name.rpartition(':')
        if not sep:
            raise ValueError("'%s' has no ':port'" % name)
    if not host or host.endswith(':'):
        raise ValueError("'%s' has no host (write an IPv6 address as [address]:port)" % name)
    port = tcp_port(port_text)
    if port is None:
        raise ValueError("'%s' has no valid port" % name)
    return host, port
