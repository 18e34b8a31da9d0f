#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: zookeeper_acl
short_description: Let one ZooKeeper account alone change a set of znodes, while anyone reads them
version_added: 0.2.0
description:
  - Logs in to the ensemble as O(user) (SASL DIGEST-MD5) and gives each znode of O(paths), and each of their
    parents below C(/), the ACL C(sasl:<user>:cdrwa) plus C(world:anyone:r). A missing znode is created
    (persistent, empty) with that ACL.
  - For Alluxio in ZooKeeper HA mode these are the election and leader znodes; the masters log in as the same
    account, so they still create and delete their children there, while a client without that login can no
    longer add a leader, delete one, or change the ACLs. Workers and clients still read them to find the leader.
  - The children the masters create carry the ACL Alluxio gives them (Curator's default, open to all), so their
    content can be changed by anyone, but not which of them exist.
  - Runs where the Python libraries kazoo and pure-sasl are installed. P(datalake.alluxio.alluxio_ha#role) runs it on
    the first ZooKeeper member, where P(datalake.alluxio.zookeeper#role) installs them with C(zookeeper_auth_enabled).
author:
  - datalake.alluxio maintainers (@datalake)
extends_documentation_fragment:
  - datalake.alluxio.attributes.no_diff
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reads the znodes and reports what would be created or changed.
options:
  hosts:
    description:
      - The ZooKeeper ensemble, as a list of C(host:port) or one comma-separated string, the same value as the
        Alluxio property C(alluxio.zookeeper.address).
    type: list
    elements: str
    required: true
  paths:
    description: Absolute znode paths.
    type: list
    elements: str
    required: true
  user:
    description: The SASL account that alone may change the znodes.
    type: str
    required: true
  password:
    description: Its password. Never shown.
    type: str
    required: true
  timeout:
    description: Seconds to wait for one connection attempt.
    type: float
    default: 10
requirements:
  - kazoo
  - pure-sasl
notes:
  - The ensemble must let O(user) log in (C(authProvider.sasl) and a C(Server) JAAS section with that account, as
    P(datalake.alluxio.zookeeper#role) writes with C(zookeeper_auth_enabled)).
'''

EXAMPLES = r'''
- name: Let only the masters' account change Alluxio's znodes
  datalake.alluxio.zookeeper_acl:
    hosts: zk1:2181,zk2:2181,zk3:2181
    paths: [/alluxio/election, /alluxio/leader, /alluxio/job_election, /alluxio/job_leader]
    user: alluxio
    password: "{{ vault_alluxio_zookeeper_password }}"
  delegate_to: "{{ groups['zookeeper'] | first }}"
  run_once: true
'''

RETURN = r'''
znodes:
  description: Each managed znode (the paths and their parents) and its ACL after the run, as C(scheme:id:perms).
  returned: always
  type: dict
  sample: {"/alluxio": ["sasl:alluxio:cdrwa", "world:anyone:r"]}
changed_znodes:
  description: The znodes created or whose ACL changed (would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["/alluxio", "/alluxio/leader"]
'''

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.datalake.alluxio.plugins.module_utils import zk_leader
from ansible_collections.datalake.alluxio.plugins.module_utils.zk_auth import acl_differs, acl_text, parents_first, wanted_acl

try:
    from kazoo.exceptions import NoAuthError, NodeExistsError, NoNodeError
    from kazoo.security import ACL, Id
except ImportError:  # reported through zk_leader.HAS_KAZOO
    pass

try:
    import puresasl  # noqa: F401  pylint: disable=unused-import
except ImportError:
    HAS_PURESASL = False
else:
    HAS_PURESASL = True


# ZooKeeper's permission bits by the letter zk_auth writes them with (its order).
_BITS = (('c', 4), ('d', 8), ('r', 1), ('w', 2), ('a', 16))


def _kazoo_acl(entries):
    """kazoo ACLs from ``(scheme, id, perms)`` entries."""
    return [ACL(sum(bit for letter, bit in _BITS if letter in perms), Id(scheme, ident)) for scheme, ident, perms in entries]


def _entries(acls):
    """``(scheme, id, perms)`` entries from kazoo ACLs."""
    return [(acl.id.scheme, acl.id.id, ''.join(letter for letter, bit in _BITS if acl.perms & bit)) for acl in acls]


def ensure(client, paths, owner, check_mode):
    """Create or restrict each znode; returns (znodes, changed)."""
    wanted = wanted_acl(owner)
    znodes, changed = {}, []
    for path in paths:
        try:
            current = _entries(client.get_acls(path)[0])
        except NoNodeError:
            current = None
        if current is not None and not acl_differs(current, wanted):
            znodes[path] = acl_text(current)
            continue
        changed.append(path)
        znodes[path] = acl_text(wanted)
        if check_mode:
            continue
        if current is None:
            try:
                client.create(path, b'', acl=_kazoo_acl(wanted))
                continue
            except NodeExistsError:  # the masters created it meanwhile
                pass
        client.set_acls(path, _kazoo_acl(wanted))
    return znodes, changed


def main():
    module = AnsibleModule(
        argument_spec=dict(
            hosts=dict(type='list', elements='str', required=True),
            paths=dict(type='list', elements='str', required=True),
            user=dict(type='str', required=True),
            password=dict(type='str', required=True, no_log=True),
            timeout=dict(type='float', default=10),
        ),
        supports_check_mode=True,
    )
    if not zk_leader.HAS_KAZOO:
        module.fail_json(msg=missing_required_lib('kazoo'), exception=zk_leader.KAZOO_IMPORT_ERROR)
    if not HAS_PURESASL:
        module.fail_json(msg=missing_required_lib('pure-sasl') + ' (kazoo logs in with SASL through it)')
    bad = [path for path in module.params['paths'] if not path.startswith('/') or path.rstrip('/') == '']
    if bad:
        module.fail_json(msg='paths must be absolute znode paths below /, not %s' % ', '.join(bad))
    paths = parents_first(module.params['paths'])
    hosts = zk_leader.normalize_hosts(module.params['hosts'])
    user = module.params['user']
    try:
        with zk_leader.zk_client(hosts, timeout=module.params['timeout'],
                                 sasl=(user, module.params['password'])) as client:
            znodes, changed = ensure(client, paths, user, module.check_mode)
    except zk_leader.ZkLeaderError as exc:
        module.fail_json(msg=str(exc))
    except NoAuthError:
        module.fail_json(msg='ZooKeeper did not let account %s change the ACL of one of %s: their ACL grants it to another'
                             ' identity. Restore it as ZooKeeper\'s super user (setAcl in zkCli.sh), or check that'
                             ' alluxio_zookeeper_auth_user is the account that set them.' % (user, ', '.join(paths)))
    module.exit_json(changed=bool(changed), znodes=znodes, changed_znodes=changed)


if __name__ == '__main__':
    main()
