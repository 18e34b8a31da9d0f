# -*- coding: utf-8 -*-
# Copyright: datalake.alluxio contributors
# SPDX-License-Identifier: Apache-2.0
"""HA mode derived from the configuration."""

from __future__ import annotations

import pytest

from ansible_collections.datalake.alluxio.plugins.module_utils.alluxio import AlluxioInstall


class FakeModule:
    """Only what AlluxioInstall uses without running commands."""

    def fail_json(self, **kwargs):
        raise AssertionError(kwargs['msg'])


@pytest.mark.parametrize('props, mode', [
    ({}, 'single'),
    ({'alluxio.zookeeper.enabled': 'true', 'alluxio.zookeeper.address': 'zk:2181',
      'alluxio.master.journal.type': 'UFS'}, 'zookeeper'),
    ({'alluxio.zookeeper.enabled': 'TRUE'}, 'zookeeper'),
    ({'alluxio.master.embedded.journal.addresses': 'm1:19200,m2:19200,m3:19200'}, 'embedded'),
    ({'alluxio.master.rpc.addresses': 'm1:19998,m2:19998'}, 'embedded'),
    ({'alluxio.master.journal.type': 'UFS', 'alluxio.master.rpc.addresses': 'm1:19998,m2:19998'}, 'single'),
    ({'alluxio.master.embedded.journal.addresses': 'm1:19200'}, 'single'),
])
def test_ha_mode(dist, props, mode):
    dist.site(props)
    assert AlluxioInstall(FakeModule(), dist.home).ha_mode() == mode


def test_ha_mode_from_env_defines(dist):
    dist.env('ALLUXIO_JAVA_OPTS="-Dalluxio.zookeeper.enabled=true"\n')
    assert AlluxioInstall(FakeModule(), dist.home).ha_mode() == 'zookeeper'


def test_conf_dir_option(dist, tmp_path):
    conf = tmp_path / 'etc-alluxio'
    conf.mkdir()
    (conf / 'alluxio-site.properties').write_text('alluxio.master.web.port=29999\n')
    inst = AlluxioInstall(FakeModule(), dist.home, str(conf))
    assert inst.get('alluxio.master.web.port') == '29999'
    assert inst.environment() == {'ALLUXIO_CONF_DIR': str(conf)}
    assert AlluxioInstall(FakeModule(), dist.home).environment() == {}


def test_master_info_reads_the_answer_of_a_serving_master():
    import http.server
    import threading

    from ansible_collections.datalake.alluxio.plugins.modules.alluxio_leader_info import master_info

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body, code = {'/ok': (b'{"version": "2.9.6", "workers": [{"address": {"host": "w1"}}]}', 200),
                          '/text': (b'not json', 200)}.get(self.path, (b'standby', 503))
            self.send_response(code)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = 'http://127.0.0.1:%d' % server.server_port
    try:
        assert master_info(base + '/ok') == {'version': '2.9.6', 'workers': [{'address': {'host': 'w1'}}]}
        assert master_info(base + '/text') == {}
        assert master_info(base + '/standby') is None
    finally:
        server.shutdown()
        server.server_close()
    assert master_info(base + '/ok') is None  # refused


def test_worker_hosts_counts_each_host_once():
    from ansible_collections.datalake.alluxio.plugins.modules.alluxio_leader_info import worker_hosts

    info = {'workers': [{'address': {'host': 'w1'}}, {'address': {'host': 'w1'}}, {'address': {'host': 'w2'}}, 'x']}
    assert worker_hosts(info) == 2
    assert worker_hosts({}) == 0
