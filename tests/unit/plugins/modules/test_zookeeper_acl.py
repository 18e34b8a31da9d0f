# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""zookeeper_acl against a real ZooKeeper where clients log in with SASL
(tests/unit/zk_server.py), and what a client without that login can still do."""

from __future__ import annotations

import uuid

import pytest
from kazoo.client import KazooClient
from kazoo.exceptions import NoAuthError
from kazoo.security import OPEN_ACL_UNSAFE

from ansible_collections.datalake.alluxio.plugins.modules.zookeeper_acl import main

from zk_server import SASL_PASSWORD, SASL_USER  # noqa: E402  (tests/unit is on sys.path through conftest)


@pytest.fixture
def root():
    return '/t-%s' % uuid.uuid4().hex[:8]


@pytest.fixture
def anonymous(zk_sasl_server):
    client = KazooClient(hosts=zk_sasl_server.connection_string)
    client.start(timeout=15)
    yield client
    client.stop()
    client.close()


@pytest.fixture
def owner(zk_sasl_server):
    client = KazooClient(hosts=zk_sasl_server.connection_string,
                         sasl_options={'mechanism': 'DIGEST-MD5', 'username': SASL_USER, 'password': SASL_PASSWORD})
    client.start(timeout=15)
    yield client
    client.stop()
    client.close()


def _args(server, paths, password=SASL_PASSWORD):
    return {'hosts': [server.connection_string], 'paths': paths, 'user': SASL_USER, 'password': password, 'timeout': 5}


def test_creates_restricts_and_is_idempotent(zk_sasl_server, run_module, root, anonymous, owner):
    paths = [root + '/election', root + '/leader']
    anonymous.ensure_path(root + '/leader')  # as Alluxio leaves it: open to all
    failed, result = run_module(main, _args(zk_sasl_server, paths), check_mode=True)
    assert not failed, result
    assert result['changed'] and result['changed_znodes'] == [root, root + '/election', root + '/leader']
    assert anonymous.exists(root + '/election') is None

    failed, result = run_module(main, _args(zk_sasl_server, paths))
    assert not failed, result
    assert result['znodes'][root + '/leader'] == ['sasl:%s:cdrwa' % SASL_USER, 'world:anyone:r']
    failed, result = run_module(main, _args(zk_sasl_server, paths))
    assert not failed and not result['changed'] and result['changed_znodes'] == [], result

    # Without the login: read, but no new leader, no deletion, no data, no ACL.
    assert anonymous.get_children(root + '/leader') == []
    for attempt in (lambda: anonymous.create(root + '/leader/intruder:19998', ephemeral=True),
                    lambda: anonymous.delete(root + '/election'),
                    lambda: anonymous.set(root + '/leader', b'x'),
                    lambda: anonymous.set_acls(root, OPEN_ACL_UNSAFE)):
        with pytest.raises(NoAuthError):
            attempt()
    # With it, as the masters: children come and go.
    owner.create(root + '/leader/master1:19998', ephemeral=True)
    owner.delete(root + '/leader/master1:19998')


def test_a_wrong_password_fails_without_showing_it(zk_sasl_server, run_module, root):
    failed, result = run_module(main, _args(zk_sasl_server, [root], password='not-the-password'))
    assert failed
    assert 'not-the-password' not in result['msg'] and SASL_PASSWORD not in result['msg']
    assert 'refused the SASL login of account alluxio' in result['msg'], result['msg']


def test_relative_paths_are_refused(zk_sasl_server, run_module):
    failed, result = run_module(main, _args(zk_sasl_server, ['alluxio/leader']))
    assert failed and 'absolute' in result['msg']
