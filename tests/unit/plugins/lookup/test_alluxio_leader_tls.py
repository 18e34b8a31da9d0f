# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""datalake.alluxio.alluxio_leader over TLS to a real ZooKeeper secureClientPort (mutual TLS)."""

from __future__ import annotations

import os

import pytest

from ansible.errors import AnsibleLookupError
from kazoo.client import KazooClient

from tls_certs import make_pki
from zk_server import ZkEnsemble


@pytest.fixture(scope='module')
def tls_zk(zk_base_dir):
    pki = make_pki(os.path.join(zk_base_dir, 'tls', 'pki'))
    ensemble = ZkEnsemble(os.path.join(zk_base_dir, 'tls'), size=1, tls={
        'keystore': pki['server_keystore'], 'truststore': pki['ca'], 'client_auth': 'need'})
    try:
        ensemble.start()
        master = KazooClient(hosts=ensemble.connection_string)  # the plain port, as a writer
        master.start(timeout=15)
        master.create('/alluxio/leader/master1:19998', ephemeral=True, makepath=True)
        yield ensemble, pki
        master.stop()
        master.close()
    finally:
        ensemble.stop()


def test_mutual_tls(tls_zk, alluxio_leader):
    ensemble, pki = tls_zk
    assert alluxio_leader(hosts=ensemble.secure_hosts, use_ssl=True, ca=pki['ca'],
                          certfile=pki['client_cert'], keyfile=pki['client_key']) == ['master1:19998']


def test_untrusted_server_certificate(tls_zk, alluxio_leader, tmp_path):
    ensemble, pki = tls_zk
    other = make_pki(str(tmp_path), ca_name='some other CA')
    with pytest.raises(AnsibleLookupError) as err:
        alluxio_leader(hosts=ensemble.secure_hosts, use_ssl=True, ca=other['ca'], certfile=pki['client_cert'],
                       keyfile=pki['client_key'], timeout=1, retries=0)
    assert 'CERTIFICATE_VERIFY_FAILED' in str(err.value)
    assert alluxio_leader(hosts=ensemble.secure_hosts, use_ssl=True, ca=other['ca'], verify_certs=False,
                          certfile=pki['client_cert'], keyfile=pki['client_key']) == ['master1:19998']


def test_plaintext_client_on_the_secure_port(tls_zk, alluxio_leader):
    ensemble, _pki = tls_zk
    with pytest.raises(AnsibleLookupError, match='cannot connect to the ZooKeeper ensemble %s'
                       % ensemble.secure_hosts[0]):
        alluxio_leader(hosts=ensemble.secure_hosts, timeout=1, retries=0)


def test_client_certificate_required(tls_zk, alluxio_leader):
    ensemble, pki = tls_zk
    with pytest.raises(AnsibleLookupError, match='cannot connect'):
        alluxio_leader(hosts=ensemble.secure_hosts, use_ssl=True, ca=pki['ca'], timeout=1, retries=0)
