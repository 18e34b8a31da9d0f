# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""datalake.alluxio.alluxio_leader against a real 3-member ZooKeeper quorum with one member down."""

from __future__ import annotations

import os

import pytest

from ansible.errors import AnsibleLookupError
from kazoo.client import KazooClient

from zk_server import ZkEnsemble


@pytest.fixture(scope='module')
def quorum(zk_base_dir):
    ensemble = ZkEnsemble(os.path.join(zk_base_dir, 'quorum'), size=3)
    try:
        ensemble.start(timeout=90)
        yield ensemble
    finally:
        ensemble.stop()


def test_leader_found_with_one_member_down(quorum, alluxio_leader):
    master = KazooClient(hosts=quorum.connection_string, timeout=30)
    master.start(timeout=30)
    try:
        master.create('/alluxio/leader/master1:19998', ephemeral=True, makepath=True)
        assert alluxio_leader(hosts=quorum.hosts) == ['master1:19998']

        # Stop the member that leads the quorum: the other two re-elect and keep serving.
        zk_leader = next(m for m in quorum.members if quorum.mode(m) == 'leader')
        quorum.stop_member(zk_leader)
        survivors = [m for m in quorum.members if m is not zk_leader]
        quorum.wait_serving(timeout=60, members=survivors)
        assert sorted(quorum.mode(m) for m in survivors) == ['follower', 'leader']

        # hosts lists all three, including the stopped one.
        for attempt in range(3):
            assert alluxio_leader(hosts=quorum.hosts, timeout=10) == ['master1:19998'], 'read %d' % attempt
        assert alluxio_leader(hosts=','.join([zk_leader.address] + [m.address for m in survivors]),
                              timeout=10) == ['master1:19998']

        with pytest.raises(AnsibleLookupError, match='ensemble %s ' % zk_leader.address):
            alluxio_leader(hosts=[zk_leader.address], timeout=1, retries=0)
    finally:
        master.stop()
        master.close()
