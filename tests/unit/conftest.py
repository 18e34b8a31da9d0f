# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""Shared pytest setup: resolve datalake.alluxio from this checkout, run real ZooKeeper."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid

import pytest

from ansible.plugins.loader import init_plugin_loader

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))

# collections/ansible_collections/datalake/alluxio links to the checkout, so
# ansible_collections.datalake.alluxio.* imports and plugin FQCNs resolve
# without installing the collection.
init_plugin_loader([os.path.join(REPO_ROOT, 'collections')])

from zk_server import SASL_PASSWORD, SASL_USER, SUPER_PASSWORD, SUPER_USER, ZkEnsemble  # noqa: E402  (after the loader, on purpose)

_ENSEMBLES = []


@pytest.fixture(scope='session')
def zk_base_dir(request):
    path = tempfile.mkdtemp(prefix='datalake-alluxio-zk-')
    yield path
    if request.session.testsfailed:
        print('\nZooKeeper data and logs kept in %s' % path)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _start(base_dir, name, **kwargs):
    ensemble = ZkEnsemble(os.path.join(base_dir, name), **kwargs)
    _ENSEMBLES.append(ensemble)
    try:
        return ensemble.start()
    except Exception:
        ensemble.stop()
        raise


@pytest.fixture(scope='session')
def zk_server(zk_base_dir):
    """One standalone ZooKeeper on 127.0.0.1 for the whole session."""
    ensemble = _start(zk_base_dir, 'standalone')
    yield ensemble
    ensemble.stop()


@pytest.fixture(scope='session')
def zk_sasl_server(zk_base_dir):
    """One standalone ZooKeeper where clients may log in as SASL_USER (DIGEST-MD5)."""
    ensemble = _start(zk_base_dir, 'sasl', sasl_users={SASL_USER: SASL_PASSWORD})
    yield ensemble
    ensemble.stop()


@pytest.fixture(scope='session')
def zk_admin(zk_server):
    from kazoo.client import KazooClient

    client = KazooClient(hosts=zk_server.connection_string,
                         auth_data=[('digest', '%s:%s' % (SUPER_USER, SUPER_PASSWORD))])
    client.start(timeout=15)
    yield client
    client.stop()
    client.close()


class ZkSandbox:
    """A chroot of its own on the shared server: /alluxio/leader etc. stay per test."""

    def __init__(self, server, admin):
        self.chroot = '/test-%s' % uuid.uuid4().hex[:12]
        admin.create(self.chroot)
        self.server = server
        self.hosts = '%s%s' % (server.connection_string, self.chroot)
        self._clients = []
        self.client = self.new_session()

    def new_session(self, **kwargs):
        from kazoo.client import KazooClient

        client = KazooClient(hosts=self.hosts, **kwargs)
        client.start(timeout=15)
        self._clients.append(client)
        return client

    def close(self):
        for client in self._clients:
            client.stop()
            client.close()


@pytest.fixture
def zk(zk_server, zk_admin):
    sandbox = ZkSandbox(zk_server, zk_admin)
    yield sandbox
    sandbox.close()
    zk_admin.delete(sandbox.chroot, recursive=True)


@pytest.fixture
def alluxio_leader():
    """Call datalake.alluxio.alluxio_leader through Ansible's plugin loader."""
    from ansible.plugins.loader import lookup_loader

    def run(*terms, **options):
        lookup = lookup_loader.get('datalake.alluxio.alluxio_leader')
        assert lookup is not None, 'datalake.alluxio.alluxio_leader did not resolve'
        return lookup.run(list(terms), variables={}, **options)

    return run


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _ENSEMBLES:
        report.sections.append(('ZooKeeper logs', '\n'.join(e.logs() for e in _ENSEMBLES)))
