# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options shared by every plugin and module that talks to
    # ZooKeeper through plugins/module_utils/zk_leader.py.
    DOCUMENTATION = r'''
options:
  hosts:
    description:
      - The ZooKeeper ensemble, as a list of C(host:port) or one comma-separated string,
        the same value as the Alluxio property C(alluxio.zookeeper.address).
      - A member without a port uses 2181. Listing every member lets the client fail over
        when one of them is down.
    type: list
    elements: str
  timeout:
    description:
      - Seconds to wait for one connection attempt to the ensemble.
    type: float
    default: 10
  retries:
    description:
      - How many more connection attempts follow a failed one, and how many times a read
        is retried after the connection drops.
    type: int
    default: 2
  auth:
    description:
      - Credentials C(user:password) for the ZooKeeper C(digest) scheme, needed when the
        znodes carry a digest ACL.
      - Never shown in error messages.
    type: str
  use_ssl:
    description:
      - Connect over TLS, to the ensemble's C(secureClientPort).
    type: bool
    default: false
  ca:
    description:
      - PEM file with the certificate authority that signed the ZooKeeper server certificates.
      - Without it, the system trust store is used.
    type: path
  certfile:
    description:
      - PEM client certificate, for ensembles that require client authentication
        (C(ssl.clientAuth=need)).
    type: path
  keyfile:
    description:
      - PEM private key of O(certfile).
    type: path
  verify_certs:
    description:
      - Verify the server certificate against O(ca). Disable only for throwaway test ensembles.
      - The host name in the certificate is not compared with O(hosts) (kazoo's default).
    type: bool
    default: true
requirements:
  - kazoo >= 2.8 (Python library, on the host that runs the plugin or module)
'''
